"""What quizzes show: the neutral replies of a question, its feedback, a summary and a channel quiz's
question and results, plus how answers read ("B. 하이퍼바이저", "O (맞다)"). Pure: no store, no clock.

Whole choice texts go in the text (a button label stops at 80 characters); buttons carry only the letters
A-E or O/X. Explanations go in the description (4,096 characters), never a field (1,024).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.core.answers import MAX_ANSWER_LENGTH, judge
from bot.core.course import Question, QuestionType
from bot.core.document import Concept
from bot.core.text import truncate
from bot.services import quiz_actions as actions
from bot.services.reply import Button, ButtonStyle, Field, Reply, Tone, command, member


def answer_keys(question: Question) -> tuple[str, ...]:
    """The keys a member can click for a question: A-E for its choices, O/X for true/false."""
    if question.type is QuestionType.CHOICE:
        return tuple(actions.LETTERS[: len(question.choices)])
    if question.type is QuestionType.TRUEFALSE:
        return (actions.TRUE, actions.FALSE)
    return ()


def key_answer(question: Question, key: str) -> str:
    """The answer a key stands for, as it is judged and recorded (the choice's text, or O / X)."""
    if question.type is QuestionType.CHOICE:
        return question.choices[actions.LETTERS.index(key)]
    return key


def is_right_key(question: Question, key: str) -> bool:
    return judge(question, key_answer(question, key))


def shown_answer(question: Question, answer: str) -> str:
    """A recorded answer as a member reads it: "B. 하이퍼바이저", "O (맞다)" or the typed text."""
    if question.type is QuestionType.CHOICE and answer in question.choices:
        return f"{actions.LETTERS[question.choices.index(answer)]}. {answer}"
    if question.type is QuestionType.TRUEFALSE:
        return {actions.TRUE: "O (맞다)", actions.FALSE: "X (틀리다)"}.get(answer, answer)
    return answer


def lettered(question: Question) -> str:
    """The choices in full, one a line: "A. …"."""
    return "\n".join(f"{letter}. {text}" for letter, text in zip(actions.LETTERS, question.choices, strict=False))


def right_answer(question: Question) -> str:
    if question.type is QuestionType.CHOICE and isinstance(question.answer, str):
        return shown_answer(question, question.answer)
    return question.answer_text


def duration_text(seconds: float) -> str:
    total = max(int(seconds), 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}시간 {minutes}분"
    if minutes:
        return f"{minutes}분 {secs}초"
    return f"{secs}초"


def where(concept: Concept) -> str:
    """The concept's number, title and the sections above it."""
    trail = " › ".join(concept.breadcrumb[1:])
    return f"{concept.index + 1}. {concept.title}" + (f"\n({trail})" if trail else "")


def _with_title(text: str, concept: Concept | None) -> str:
    return text + (f" · {concept.title}" if concept else "")


# -- a personal quiz ----------------------------------------------------------------------------------


def question_reply(session_id: int, position: int, total: int, question: Question, concept: Concept | None) -> Reply:
    body = question.prompt
    if question.type is QuestionType.CHOICE:
        body += "\n\n" + lettered(question)
    if question.type is QuestionType.SHORT:
        answer_row: tuple[Button, ...] = (
            Button(actions.type_answer(session_id, position), "✏️ 답 입력", ButtonStyle.PRIMARY),
        )
        hint = f"단답형 · '답 입력'을 눌러 {MAX_ANSWER_LENGTH}자 안으로 적어 주세요"
    else:
        answer_row = tuple(
            Button(actions.answer(session_id, position, key), key, ButtonStyle.PRIMARY) for key in answer_keys(question)
        )
        hint = (
            "객관식 · 알맞은 보기를 골라 주세요" if question.type is QuestionType.CHOICE else "O/X · 맞으면 O, 틀리면 X"
        )
    return Reply(
        title=_with_title(f"📝 문제 {position + 1}/{total}", concept),
        body=body,
        buttons=(answer_row, (Button(actions.stop(session_id), "그만하기", ButtonStyle.DANGER),)),
        footer=f"{hint} · 한 번 낸 답은 바꿀 수 없어요",
    )


def feedback_reply(
    session_id: int,
    position: int,
    total: int,
    question: Question,
    concept: Concept | None,
    given: str,
    correct: bool,
) -> Reply:
    """Right or wrong, the member's and the right answer, the explanation and the source concept."""
    fields = [
        Field("내 답", truncate(shown_answer(question, given), 200), inline=True),
        Field("정답", right_answer(question), inline=True),
    ]
    buttons: list[Button] = []
    if concept is not None:
        fields.append(Field("📖 출처", where(concept)))
        buttons.append(Button(actions.show_concept(concept.index), "📖 개념 보기"))
    if position + 1 >= total:
        buttons.append(Button(actions.results(session_id), "결과 보기 🏁", ButtonStyle.PRIMARY))
    else:
        buttons.append(Button(actions.next_question(session_id, position + 1), "다음 문제 ▶", ButtonStyle.PRIMARY))
        buttons.append(Button(actions.stop(session_id), "그만하기", ButtonStyle.DANGER))
    return Reply(
        title=("⭕ 정답이에요!" if correct else "❌ 아쉬워요, 오답이에요") + f" (문제 {position + 1}/{total})",
        body=f"{question.prompt}\n\n💡 {question.explanation}",
        fields=tuple(fields),
        buttons=(tuple(buttons),),
        tone=Tone.SUCCESS if correct else Tone.WARNING,
    )


def next_review_text(due_now: int, next_due: datetime | None) -> str:
    """`next_due` in the server's zone."""
    lines = []
    if due_now:
        lines.append(f"틀린 {due_now}문제는 지금 바로 다시 풀 수 있어요. 퀴즈를 시작하면 먼저 나와요.")
    if next_due is not None:
        lines.append(f"{next_due.month}월 {next_due.day}일 {next_due:%H:%M}부터 복습할 문제가 생겨요.")
    return "\n".join(lines) or "답한 문제가 없어서 복습할 문제도 아직 없어요."


def summary_reply(
    total: int, answered: int, right: int, seconds_taken: float | None, review: Sequence[Concept], next_review: str
) -> Reply:
    if answered:
        score = f"{total}문제 중 {answered}문제 답함 · 정답 {right}개 ({round(100 * right / answered)}%)"
    else:
        score = f"{total}문제 중 답한 문제가 없어요"
    concepts = "\n".join(f"• {c.index + 1}. {c.title}" for c in sorted(review, key=lambda c: c.index))
    return Reply(
        title="🏁 퀴즈 결과",
        body=f"{command('quiz start')}로 언제든 새 퀴즈를 풀 수 있어요.",
        fields=(
            Field("점수", score),
            Field("⏱️ 걸린 시간", "-" if seconds_taken is None else duration_text(seconds_taken), inline=True),
            Field("📚 다시 볼 개념", concepts or "틀린 문제가 없어요. 완벽해요! 🎉"),
            Field("🔁 다음 복습", next_review),
        ),
        tone=Tone.SUCCESS,
    )


# -- a channel quiz -----------------------------------------------------------------------------------


def channel_question_reply(
    session_id: int, question: Question, concept: Concept | None, seconds: int, closes: datetime
) -> Reply:
    """`closes` in the server's zone."""
    body = question.prompt
    if question.type is QuestionType.CHOICE:
        body += "\n\n" + lettered(question)
    body += f"\n\n⏰ {seconds}초 동안 받아요 ({closes:%H:%M:%S} 마감)"
    return Reply(
        title=_with_title("📣 채널 퀴즈", concept),
        body=body,
        buttons=(
            tuple(
                Button(actions.channel_answer(session_id, key), key, ButtonStyle.PRIMARY)
                for key in answer_keys(question)
            ),
            (Button(actions.channel_close(session_id), "지금 마감 (운영진)", ButtonStyle.SECONDARY),),
        ),
        footer="한 사람에 한 번, 버튼으로 답해 주세요 · 고른 답은 바꿀 수 없어요",
        ephemeral=False,
    )


def channel_results_reply(
    session_id: int,
    question: Question,
    concept: Concept | None,
    counts: Mapping[str, int],
    first_right: tuple[int, str] | None,
) -> Reply:
    """The count of each option (by recorded answer), participants, who was first right (user id, name);
    the buttons stay, disabled, the right one green."""
    keys = answer_keys(question)
    right = sum(counts.get(key_answer(question, k), 0) for k in keys if is_right_key(question, k))
    lines = [
        f"{'✅' if is_right_key(question, key) else '▫️'} {shown_answer(question, key_answer(question, key))}"
        f" — {counts.get(key_answer(question, key), 0)}명"
        for key in keys
    ]
    fields = [
        Field("정답", right_answer(question), inline=True),
        Field("참여", f"{sum(counts.values())}명 · 정답 {right}명", inline=True),
    ]
    if first_right is not None:
        fields.append(Field("🥇 가장 먼저 맞힌 사람", member(*first_right)))
    if concept is not None:
        fields.append(Field("📖 출처", where(concept)))
    return Reply(
        title=_with_title("⏰ 채널 퀴즈 결과", concept),
        body=f"{question.prompt}\n\n" + "\n".join(lines) + f"\n\n💡 {question.explanation}",
        fields=tuple(fields),
        buttons=(
            tuple(
                Button(
                    actions.channel_answer(session_id, key),
                    key,
                    ButtonStyle.SUCCESS if is_right_key(question, key) else ButtonStyle.SECONDARY,
                    disabled=True,
                )
                for key in keys
            ),
        ),
        tone=Tone.SUCCESS,
        ephemeral=False,
    )
