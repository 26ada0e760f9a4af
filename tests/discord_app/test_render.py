"""Neutral replies become Discord messages within Discord's limits."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest

from bot.console.render import render_reply
from bot.discord_app.render import render
from bot.services.reply import Button, ButtonStyle, Field, FileAttachment, Reply, Tone, command


def test_a_short_untitled_reply_is_plain_text_with_its_tone() -> None:
    out = render(Reply(body="이미 인증했어요", tone=Tone.SUCCESS))
    assert out.content == "✅ 이미 인증했어요" and out.embed is None


def test_a_titled_reply_is_an_embed_with_fields_and_footer() -> None:
    out = render(Reply(title="제목", body="본문", fields=(Field("이름", "값"),), footer="출처: Docker"))
    assert out.embed is not None and out.content is None
    data = out.embed.to_dict()
    assert data["title"] == "제목" and data["description"] == "본문"
    assert data["fields"] == [{"name": "이름", "value": "값", "inline": False}]
    assert data["footer"]["text"] == "출처: Docker"


def test_limits_are_enforced_before_discord_sees_them() -> None:
    reply = Reply(
        title="가" * 300,
        body="나" * 5000,
        fields=tuple(Field(f"f{i}", "다" * 2000) for i in range(30)),
        buttons=(tuple(Button(f"b:{i}", "라" * 100) for i in range(7)),),
    )
    embed = render(reply).embed
    assert embed is not None and len(embed) <= 6000  # discord.py's len(): every counted character
    data = embed.to_dict()
    assert len(data["title"]) == 256
    assert 0 < len(data.get("fields", [])) <= 25 and all(len(f["value"]) <= 1024 for f in data["fields"])
    view = render(reply).view
    assert view is not None
    rows = [item.row for item in view.children]
    assert rows == [0, 0, 0, 0, 0, 1, 1]
    assert all(isinstance(b, discord.ui.Button) and len(b.label or "") <= 80 for b in view.children)


def test_a_long_body_fills_the_embed_up_to_4096_when_nothing_else_competes() -> None:
    data = render(Reply(title="제목", body="가" * 5000)).embed.to_dict()  # type: ignore[union-attr]
    assert len(data["description"]) == 4096 and data["description"].endswith("…")


def test_a_plain_message_with_its_tone_prefix_stays_within_2000_characters() -> None:
    out = render(Reply(body="가" * 2000, tone=Tone.WARNING))
    assert out.content is None and out.embed is not None  # too long for plain text with "⚠️ ": a card
    short = render(Reply(body="가" * 1990, tone=Tone.WARNING))
    assert short.content is not None and len(short.content) <= 2000


def test_a_custom_id_over_100_characters_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="longer than 100"):
        Button("x" * 101, "버튼")


def test_buttons_keep_their_action_and_style() -> None:
    out = render(Reply(body="문제", buttons=((Button("quiz:1:a", "A", ButtonStyle.PRIMARY),),)))
    assert out.view is not None
    button = out.view.children[0]
    assert isinstance(button, discord.ui.Button)
    assert (button.custom_id, button.label, button.style) == ("quiz:1:a", "A", discord.ButtonStyle.primary)


def test_course_images_on_disk_are_attached_and_missing_ones_dropped(tmp_path: Path) -> None:
    (tmp_path / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = render(Reply(title="개념", body="본문", image="img.png"), tmp_path)
    assert [f.filename for f in out.files] == ["img.png"]
    assert out.embed is not None and out.embed.image.url == "attachment://img.png"
    missing = render(Reply(title="개념", body="본문", image="gone.png"), tmp_path)
    assert missing.files == [] and missing.embed is not None and missing.embed.image.url is None


def test_files_become_attachments() -> None:
    out = render(Reply(body="내보내기", files=(FileAttachment("progress.csv", b"a,b\n"),)))
    assert [f.filename for f in out.files] == ["progress.csv"]


def test_command_references_become_mentions_where_discord_renders_them() -> None:
    reply = Reply(
        title=f"{command('quiz start')} 안내",
        body=f"{command('mission confirm')} 으로 제출하고 {command('concept list')}도 보세요.",
        fields=(Field("다음", f"{command('progress')}"),),
        footer=f"{command('concept show')} 로 다시 읽기",
    )
    embed = render(reply, command_ids={"mission": 11, "progress": 12}).embed
    assert embed is not None
    assert embed.title == "/quiz start 안내"
    assert embed.description == "</mission confirm:11> 으로 제출하고 `/concept list`도 보세요."
    assert embed.fields[0].value == "</progress:12>"
    assert embed.footer.text == "/concept show 로 다시 읽기"


def test_console_shows_the_typed_form() -> None:
    text = render_reply(Reply(body=f"{command('mission info')} 를 보세요"))
    assert text == "/mission info 를 보세요"


def test_a_long_reply_never_cuts_a_command_mention_and_stays_within_the_limits() -> None:
    references = " ".join(command("mission confirm") for _ in range(40))
    reply = Reply(title="제목", body="가" * 3500 + " " + references, fields=(Field("다음", references * 3),))
    ids = {"mission": 1_234_567_890_123_456_789}
    data = render(reply, command_ids=ids).embed.to_dict()  # type: ignore[union-attr]
    description, value = data["description"], data["fields"][0]["value"]
    assert len(description) <= 4096 and len(value) <= 1024
    assert len(description) + len(value) + len(data["title"]) + len(data["fields"][0]["name"]) <= 6000
    for text in (description, value):
        mentions = text.count("</mission confirm:1234567890123456789>")
        assert mentions >= 1
        # every mention is whole: as many opening marks as complete mentions, and no neutral mark left over
        assert text.count("</") == mentions and "⟦" not in text and "⟧" not in text
    assert description.endswith("…") and value.endswith("…")
