"""Quiz buttons and the typed-answer form: each click is matched by its custom id's template (discord.py
`DynamicItem`, registered in `StudyBotClient.setup_hook`), so buttons work on messages sent before a
restart. The ids are built by the quiz service (bot.services.quiz_actions); here they are only parsed
and routed back to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import discord

from bot.discord_app import texts
from bot.discord_app.appref import app_of
from bot.discord_app.context import display_name, guild_id_of
from bot.discord_app.permissions import is_organizer
from bot.discord_app.quiz_closer import closer_of
from bot.discord_app.respond import handle, send_error
from bot.discord_app.updates import update_message
from bot.services import quiz_actions as actions
from bot.services.errors import NotAllowed, NotFound, UserFacingError

Button = discord.ui.Button[discord.ui.View]
TEXT_INPUT = 4
ANSWER_FIELD = "answer"


class _Routed:
    """What every quiz button shares: built from the clicked id and its template's groups."""

    def __init__(self, custom_id: str, values: Mapping[str, str]) -> None:
        super().__init__(discord.ui.Button(custom_id=custom_id))  # type: ignore[call-arg]
        self.values = dict(values)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Any:
        return cls(str(getattr(item, "custom_id", match.string)), match.groupdict())

    def number(self, name: str) -> int:
        return int(self.values[name])


class AnswerButton(_Routed, discord.ui.DynamicItem[Button], template=actions.ANSWER_TEMPLATE):
    async def callback(self, interaction: discord.Interaction) -> None:
        app, guild_id = app_of(interaction), guild_id_of(interaction)
        await update_message(
            interaction,
            lambda: app.quizzes.answer_key(
                guild_id,
                interaction.user.id,
                display_name(interaction),
                self.number("session"),
                self.number("position"),
                self.values["key"],
            ),
        )


class TypeAnswerButton(_Routed, discord.ui.DynamicItem[Button], template=actions.TYPE_TEMPLATE):
    """ "답 입력": opens the form at once. A form cannot be deferred, so no database read comes first (a slow
    one would make Discord show "interaction failed"); the submission checks the quiz is the member's, still
    open and the question not yet answered (`QuizService.answer_text`)."""

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(answer_form(self.number("session"), self.number("position")))


class NextButton(_Routed, discord.ui.DynamicItem[Button], template=actions.NEXT_TEMPLATE):
    async def callback(self, interaction: discord.Interaction) -> None:
        app, guild_id = app_of(interaction), guild_id_of(interaction)
        await update_message(
            interaction,
            lambda: app.quizzes.question(
                guild_id, interaction.user.id, self.number("session"), self.number("position")
            ),
        )


class StopButton(_Routed, discord.ui.DynamicItem[Button], template=actions.STOP_TEMPLATE):
    async def callback(self, interaction: discord.Interaction) -> None:
        app, guild_id = app_of(interaction), guild_id_of(interaction)
        await update_message(
            interaction, lambda: app.quizzes.stop(guild_id, interaction.user.id, self.number("session"))
        )


class ResultsButton(_Routed, discord.ui.DynamicItem[Button], template=actions.RESULTS_TEMPLATE):
    async def callback(self, interaction: discord.Interaction) -> None:
        app, guild_id = app_of(interaction), guild_id_of(interaction)
        await update_message(
            interaction, lambda: app.quizzes.results(guild_id, interaction.user.id, self.number("session"))
        )


class ShowConceptButton(_Routed, discord.ui.DynamicItem[Button], template=actions.SHOW_CONCEPT_TEMPLATE):
    """ "개념 보기": the concept, ephemerally, counted as read like `/concept show`."""

    async def callback(self, interaction: discord.Interaction) -> None:
        app, guild_id = app_of(interaction), guild_id_of(interaction)
        index = self.number("concept")

        async def work() -> Any:
            if index >= len(app.course.concepts):
                raise NotFound(texts.QUIZ_CONCEPT_GONE)
            concept = app.course.concepts[index]
            return await app.concepts.show(guild_id, interaction.user.id, display_name(interaction), concept.id)

        await handle(interaction, work, course_folder=app.course_folder)


class ConceptQuizButton(_Routed, discord.ui.DynamicItem[Button], template=actions.CONCEPT_QUIZ_TEMPLATE):
    """The daily post's "오늘의 퀴즈": a personal quiz on that concept, for whoever clicks, ephemerally."""

    async def callback(self, interaction: discord.Interaction) -> None:
        app, guild_id = app_of(interaction), guild_id_of(interaction)
        await handle(
            interaction,
            lambda: app.quizzes.start_on_concept(
                guild_id, interaction.user.id, display_name(interaction), self.number("concept")
            ),
        )


class ChannelAnswerButton(_Routed, discord.ui.DynamicItem[Button], template=actions.CHANNEL_ANSWER_TEMPLATE):
    async def callback(self, interaction: discord.Interaction) -> None:
        app, guild_id = app_of(interaction), guild_id_of(interaction)
        await handle(
            interaction,
            lambda: app.quizzes.answer_channel(
                guild_id, interaction.user.id, display_name(interaction), self.number("session"), self.values["key"]
            ),
        )


class ChannelCloseButton(_Routed, discord.ui.DynamicItem[Button], template=actions.CHANNEL_CLOSE_TEMPLATE):
    """ "지금 마감": organizers only, checked here like every organizer command."""

    async def callback(self, interaction: discord.Interaction) -> None:
        app, guild_id = app_of(interaction), guild_id_of(interaction)
        session = self.number("session")

        async def work() -> Any:
            if not is_organizer(interaction, await app.guild_settings.organizer_role(guild_id)):
                raise NotAllowed(texts.ORGANIZER_ONLY)
            results = await app.quizzes.close_channel(guild_id, session)
            if results is None:
                raise NotAllowed(texts.QUIZ_CHANNEL_ALREADY_CLOSED)
            closer_of(interaction).cancel(session)
            return results.reply

        await update_message(interaction, work)


QUIZ_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    AnswerButton,
    TypeAnswerButton,
    NextButton,
    StopButton,
    ResultsButton,
    ShowConceptButton,
    ConceptQuizButton,
    ChannelAnswerButton,
    ChannelCloseButton,
)


# -- the typed-answer form --------------------------------------------------------------------------

TYPED = re.compile(actions.TYPED_TEMPLATE)


def answer_form(session_id: int, position: int) -> discord.ui.Modal:
    """One line, at most 200 characters. Its submission is routed by custom id (`route_typed_answer`),
    so the form is stopped before sending: discord.py keeps nothing, and a restart loses nothing."""
    form = discord.ui.Modal(
        title=texts.QUIZ_FORM_TITLE.format(number=position + 1), custom_id=actions.typed_answer(session_id, position)
    )
    form.add_item(
        discord.ui.TextInput(
            label=texts.QUIZ_FORM_LABEL,
            custom_id=ANSWER_FIELD,
            placeholder=texts.QUIZ_FORM_PLACEHOLDER,
            max_length=200,
            required=True,
        )
    )
    form.stop()
    return form


def _inputs(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for component in components:
        if component.get("type") == TEXT_INPUT:
            yield component
        yield from _inputs(list(component.get("components") or []))
        inner = component.get("component")
        if isinstance(inner, dict):
            yield from _inputs([inner])


def submitted_text(data: Mapping[str, Any]) -> str:
    return next(
        (
            str(c.get("value") or "")
            for c in _inputs(list(data.get("components") or []))
            if c.get("custom_id") == ANSWER_FIELD
        ),
        "",
    )


async def route_typed_answer(interaction: discord.Interaction) -> bool:
    """A submitted typed-answer form: judged and recorded, and the question's message edited. False for
    any other interaction."""
    data: dict[str, Any] = dict(interaction.data or {})
    if interaction.type is not discord.InteractionType.modal_submit:
        return False
    match = TYPED.fullmatch(str(data.get("custom_id", "")))
    if match is None:
        return False
    app = app_of(interaction)
    try:
        guild_id = guild_id_of(interaction)
    except UserFacingError as exc:
        await send_error(interaction, exc.message)
        return True
    given = submitted_text(data)
    await update_message(
        interaction,
        lambda: app.quizzes.answer_text(
            guild_id,
            interaction.user.id,
            display_name(interaction),
            int(match["session"]),
            int(match["position"]),
            given,
        ),
    )
    return True
