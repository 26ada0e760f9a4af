"""The document parser, on the shipped Docker document and on edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.document import EMBED_LIMIT, parse_document, split_for_embeds

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "content" / "docker-basics" / "document.md"
# shared/ sits beside the main checkout, and two levels up from a worktree (wt/<name>)
SEED = (
    next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared")
    / "seed"
    / "000_9d7bfbb222cfcea7.txt"
)

PINNED = [
    ("컨테이너-기술이란-무엇입니까", "컨테이너 기술이란 무엇입니까?"),
    ("컨테이너-기술이란-무엇입니까/컨테이너의-개념-및-구조", "컨테이너의 개념 및 구조"),
    ("컨테이너-기술이란-무엇입니까/컨테이너-기술-특성/경량화", "경량화"),
    ("컨테이너-기술이란-무엇입니까/컨테이너-기술-특성/컴퓨팅-자원", "컴퓨팅 자원"),
    ("컨테이너-기술이란-무엇입니까/컨테이너-기술-특성/구동-방식", "구동 방식"),
    ("컨테이너-기술이란-무엇입니까/컨테이너-기술-특성/안정성", "안정성"),
    ("도커란-무엇입니까", "도커란 무엇입니까?"),
    ("도커-파일-도커-이미지-도커-컨테이너의-개념은-무엇이고-서로-어떤-관계입니까/도커-파일", "도커 파일"),
    ("도커-파일-도커-이미지-도커-컨테이너의-개념은-무엇이고-서로-어떤-관계입니까/도커-이미지", "도커 이미지"),
    ("도커-파일-도커-이미지-도커-컨테이너의-개념은-무엇이고-서로-어떤-관계입니까/도커-컨테이너", "도커 컨테이너"),
    ("도커-파일-도커-이미지-도커-컨테이너의-개념은-무엇이고-서로-어떤-관계입니까/관계", "관계"),
]


def shipped() -> str:
    return DOCUMENT.read_text(encoding="utf-8")


# The only changes to the author's text: plain typos. Headings stay as written (a heading is a concept id).
TYPO_FIXES = [
    ("개발자들의 오랫 골칫거리", "개발자들의 오랜 골칫거리"),
    ("실행에 필요한 필요한 라이브러리", "실행에 필요한 라이브러리"),
    ("*OS 레벨* 가솽화 구조", "*OS 레벨* 가상화 구조"),
    ("안정성이 있어서는", "안정성에 있어서는"),
    ("쓰기가 쓰기가 가능한", "쓰기가 가능한"),
]


def test_shipped_document_is_the_seed_text_with_only_its_typos_fixed() -> None:
    if not SEED.exists():
        pytest.skip("shared seed not beside the checkout")
    seed = SEED.read_text(encoding="utf-8")
    for typo, fixed in TYPO_FIXES:
        assert seed.count(typo) == 1, typo
        seed = seed.replace(typo, fixed)
    assert shipped() == seed


def test_the_typos_are_gone_and_the_headings_unchanged() -> None:
    text = shipped()
    for typo, fixed in TYPO_FIXES:
        assert typo not in text and fixed in text
    assert [line for line in text.splitlines() if line.startswith("#")] == [
        "# 원티드 챌린지 12월 사전 미션",
        "## 컨테이너 기술이란 무엇입니까?",
        "### 컨테이너의 개념 및 구조",
        "### 컨테이너 기술 특성",
        "#### 경량화",
        "#### 컴퓨팅 자원",
        "#### 구동 방식",
        "#### 안정성",
        "## 도커란 무엇입니까?",
        "## 도커 파일, 도커 이미지, 도커 컨테이너의 개념은 무엇이고, 서로 어떤 관계입니까?",
        "### 도커 파일",
        "### 도커 이미지",
        "### 도커 컨테이너",
        "### 관계",
        "### [실전 미션] 도커 설치하기",
    ]


def test_shipped_concepts_ids_titles_and_order_are_pinned() -> None:
    doc = parse_document(shipped())
    assert [(c.id, c.title) for c in doc.concepts] == PINNED
    assert [c.index for c in doc.concepts] == list(range(11))
    assert doc.title == "원티드 챌린지 12월 사전 미션"


def test_ids_are_identical_after_reparsing_and_with_crlf_line_ends() -> None:
    first = parse_document(shipped())
    again = parse_document(shipped())
    crlf = parse_document(shipped().replace("\n", "\r\n"))
    assert [c.id for c in first.concepts] == [c.id for c in again.concepts] == [c.id for c in crlf.concepts]
    assert [c.body for c in first.concepts] == [c.body for c in crlf.concepts]


def test_headings_without_body_are_breadcrumbs_and_mission_is_not_a_concept() -> None:
    doc = parse_document(shipped())
    titles = [c.title for c in doc.concepts]
    assert "컨테이너 기술 특성" not in titles
    assert "도커 파일, 도커 이미지, 도커 컨테이너의 개념은 무엇이고, 서로 어떤 관계입니까?" not in titles
    assert doc.mission_headings == ("[실전 미션] 도커 설치하기",)
    light = doc.concepts[2]
    assert light.breadcrumb == ("원티드 챌린지 12월 사전 미션", "컨테이너 기술이란 무엇입니까?", "컨테이너 기술 특성")


def test_missing_images_are_dropped_with_their_credits() -> None:
    doc = parse_document(shipped(), image_exists=lambda _path: False)
    structure = doc.concepts[1]
    assert "img.png" not in structure.body and "![" not in structure.body
    assert structure.images == ()
    assert structure.credits == ()  # crediting a picture no one sees would mislead
    assert "출처" not in structure.body
    assert doc.concepts[6].credits == ()


def test_images_on_disk_are_kept_as_images_with_their_credits() -> None:
    doc = parse_document(shipped(), image_exists=lambda path: path == "img_1.png")
    assert [i.source for i in doc.concepts[6].images] == ["img_1.png"]
    assert doc.concepts[6].credits == ("출처: Docker",)
    assert doc.concepts[1].images == () and doc.concepts[1].credits == ()


def test_a_credit_with_no_image_before_it_credits_the_text_and_stays() -> None:
    text = "## 절\n인용한 글이다.\n\n*<출처: 어느 책>*\n\n![그림](https://example.com/a.png)\n\n*<출처: 사진가>*\n"
    doc = parse_document(text)
    assert doc.concepts[0].credits == ("출처: 어느 책", "출처: 사진가")


def test_glossary_terms_from_blocks_and_bullets() -> None:
    doc = parse_document(shipped())
    first = doc.concepts[0]
    assert [g.term for g in first.glossary] == ["하이퍼바이저"]
    assert first.glossary[0].definition.startswith("호스트 컴퓨터로 다수의 운영체제를 동시에 실행하기")
    assert [g.term for g in doc.concepts[1].glossary] == ["바이너리"]
    docker = doc.concepts[6]
    assert (docker.glossary[0].term, docker.glossary[0].definition) == (
        "오버레이 네트워크",
        "물리 네트워크 위에 생성한 가상 네트워크",
    )
    assert docker.glossary[1].term == "유니온 파일 시스템"
    assert docker.glossary[1].definition.endswith("대체하는 형식의 파일 시스템")


def test_hard_wrapped_lines_are_joined_and_bullets_stay_lines() -> None:
    doc = parse_document(shipped())
    first = doc.concepts[0].body
    assert "리눅스 컨테이너를 실행하기 위한 OS 레벨의 가상화 기법이다." in first
    dockerfile = doc.concepts[7].body
    lines = dockerfile.split("\n")
    assert len(lines) == 3 and all(line.startswith("- ") for line in lines)
    assert "실행되어야 하는지를 정의한다." in lines[1]


def test_the_document_gives_no_summary_or_notes_the_course_does() -> None:
    """A cut from the body was often two sentences or nearly all of it: the summary is the author's, in course.yaml."""
    doc = parse_document(shipped())
    assert all(c.summary == "" and c.notes == () for c in doc.concepts)


def test_empty_sections_and_trailing_headings_are_not_concepts() -> None:
    text = "# 제목\n\n## 빈 절\n\n## 본문 있는 절\n내용이 있다.\n\n## 끝에 남은 제목\n"
    doc = parse_document(text)
    assert [c.title for c in doc.concepts] == ["본문 있는 절"]
    assert doc.concepts[0].id == "본문-있는-절"


def test_skipped_heading_level_nests_under_nearest_parent() -> None:
    text = "# 문서\n## 상위\n#### 깊은 절\n깊은 내용.\n## 다음\n다음 내용.\n"
    doc = parse_document(text)
    assert [(c.id, c.breadcrumb) for c in doc.concepts] == [
        ("상위/깊은-절", ("문서", "상위")),
        ("다음", ("문서",)),
    ]


def test_heading_with_body_and_children_is_a_concept_and_so_are_children() -> None:
    doc = parse_document("## 부모\n부모 본문.\n### 자식\n자식 본문.\n")
    assert [c.id for c in doc.concepts] == ["부모", "부모/자식"]
    assert doc.title is None


def test_duplicate_headings_get_distinct_stable_ids() -> None:
    doc = parse_document("## 정리\n하나.\n## 정리\n둘.\n")
    assert [c.id for c in doc.concepts] == ["정리", "정리-2"]


def test_headings_inside_code_fences_are_text() -> None:
    doc = parse_document("## 예시\n```\n# 주석이지 제목이 아님\nFROM python\n```\n")
    assert len(doc.concepts) == 1
    assert "# 주석이지 제목이 아님" in doc.concepts[0].body


def test_very_long_heading_path_gives_an_id_under_100_characters() -> None:
    long_title = "아주 " * 60
    doc = parse_document(f"## {long_title}\n본문.\n")
    assert len(doc.concepts[0].id) <= 90
    assert parse_document(f"## {long_title}\n본문.\n").concepts[0].id == doc.concepts[0].id


def test_long_body_is_split_at_paragraph_or_sentence_ends() -> None:
    sentence = "컨테이너는 호스트 OS 커널을 공유하는 구조이다. "
    paragraph = (sentence * 40).strip()
    body = "\n\n".join([paragraph] * 6)
    doc = parse_document(f"## 긴 절\n{body}\n")
    parts = doc.concepts[0].parts
    assert len(parts) >= 2
    assert all(len(p) <= EMBED_LIMIT for p in parts)
    assert all(p.endswith("이다.") for p in parts)
    assert "".join(parts).replace("\n", "").replace(" ", "") == body.replace("\n", "").replace(" ", "")


def test_single_paragraph_longer_than_limit_is_cut_between_sentences() -> None:
    text = " ".join(f"문장 {i}번은 여기서 끝난다." for i in range(400))
    parts = split_for_embeds(text, limit=1000)
    assert all(len(p) <= 1000 for p in parts)
    assert all(p.endswith("끝난다.") for p in parts)
    assert " ".join(parts) == text


def test_a_code_fence_right_after_text_is_its_own_block() -> None:
    doc = parse_document("## 예시\n설명:\n```bash\ndocker run hello-world\n```\n다음 문장.\n")
    assert doc.concepts[0].body == "설명:\n\n```bash\ndocker run hello-world\n```\n\n다음 문장."
    assert "\x00" not in doc.concepts[0].body


def test_subheadings_of_the_mission_are_part_of_the_mission() -> None:
    doc = parse_document("## 개념\n본문.\n### [실전 미션] 설치\n#### Windows\n윈도우 단계.\n## 다음\n다음 본문.\n")
    assert [c.id for c in doc.concepts] == ["개념", "다음"]
    assert doc.mission_headings == ("[실전 미션] 설치",)
