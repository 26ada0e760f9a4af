"""Self-test of tests/fakediscord: the real discord.py client against the fake."""

from __future__ import annotations

import asyncio
import io

import aiohttp
import discord
import pytest
from discord import app_commands

from tests.fakediscord import FakeDiscord, World, uploaded
from tests.fakediscord.client import point_discord_at, running_client

pytestmark = pytest.mark.timeout(30)

CONCEPTS = ["컨테이너", "이미지", "볼륨", "네트워크"]


class QuizView(discord.ui.View):
    @discord.ui.button(label="A", custom_id="quiz:a")
    async def answer_a(self, interaction: discord.Interaction, button: discord.ui.Button[QuizView]) -> None:
        await interaction.response.edit_message(content="정답!", embed=None, view=None)

    @discord.ui.button(label="B", custom_id="quiz:b")
    async def answer_b(self, interaction: discord.Interaction, button: discord.ui.Button[QuizView]) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content="오답", view=None)


class EvidenceModal(discord.ui.Modal, title="미션 인증"):
    evidence: discord.ui.TextInput[EvidenceModal] = discord.ui.TextInput(
        label="출력", custom_id="evidence", style=discord.TextStyle.paragraph
    )
    note: discord.ui.TextInput[EvidenceModal] = discord.ui.TextInput(label="메모", required=False)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"받음: {self.evidence.value} / {self.note.value}", ephemeral=True)


def build_client(guild_id: int) -> tuple[discord.Client, app_commands.CommandTree[discord.Client]]:
    client = discord.Client(intents=discord.Intents.default(), guild_ready_timeout=0.1)
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
    guild = discord.Object(id=guild_id)

    concept = app_commands.Group(name="concept", description="개념")

    @concept.command(name="show", description="개념 보기")
    @app_commands.describe(name="개념 이름")
    async def show(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"개념: {name}", ephemeral=True)

    @show.autocomplete("name")
    async def show_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=c, value=c) for c in CONCEPTS if current in c]

    tree.add_command(concept, guild=guild)

    @tree.command(name="quiz", description="퀴즈", guild=guild)
    async def quiz(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(embed=discord.Embed(title="문제 1"), view=QuizView(), ephemeral=True)

    @tree.command(name="slow", description="느린 응답", guild=guild)
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await asyncio.sleep(0.05)
        await interaction.followup.send("다 됐어요")

    @tree.command(name="confirm", description="미션 인증", guild=guild)
    async def confirm(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(EvidenceModal())

    @tree.command(name="progress", description="진행 상황", guild=guild)
    async def progress(
        interaction: discord.Interaction, member: discord.Member, channel: discord.TextChannel, role: discord.Role
    ) -> None:
        perms = interaction.permissions.manage_guild
        await interaction.response.send_message(f"{member.display_name}|{channel.name}|{role.name}|{perms}")

    @tree.command(name="export", description="내보내기", guild=guild)
    async def export(interaction: discord.Interaction) -> None:
        csv = discord.File(io.BytesIO("이름,점수\n김민수,3\n".encode()), filename="progress.csv")
        await interaction.response.send_message("CSV", file=csv, ephemeral=True)

    return client, tree


async def test_client_against_fake(discord_at_fake: FakeDiscord) -> None:
    fake = discord_at_fake
    world = fake.world
    guild = world.guild
    study = guild.channel("study")
    client, tree = build_client(guild.id)

    async with running_client(client, fake.token) as task:
        # login, READY and GUILD_CREATE reached the cache
        assert client.user is not None and client.user.id == world.bot_user.id
        assert fake.identify_payloads[-1]["intents"] == discord.Intents.default().value
        dguild = client.get_guild(guild.id)
        assert dguild is not None and dguild.member_count == len(guild.members)
        assert dguild.get_channel(study.id) is not None and dguild.me is not None

        synced = await tree.sync(guild=discord.Object(id=guild.id))
        assert {c.name for c in synced} == {"concept", "quiz", "slow", "confirm", "progress", "export"}
        assert {c["name"] for c in fake.synced_commands(guild.id)} == {c.name for c in synced}
        assert fake.synced_commands() == []

        # slash command with a subcommand and a string option
        handle = await fake.send_slash_command(guild, "minsu", "concept", "show", {"name": "이미지"})
        reply = await handle.reply(timeout=5)
        assert reply["content"] == "개념: 이미지" and reply["flags"] & 64
        assert handle.callbacks[0]["type"] == 4

        # autocomplete
        ac = await fake.send_autocomplete(guild, "minsu", "concept", "show", {"name": "미"})
        assert await ac.autocomplete_choices() == [{"name": "이미지", "value": "이미지"}]

        # embed + button, then the button edits the message (type 7)
        quiz = await fake.send_slash_command(guild, "seoyeon", "quiz")
        shown = await quiz.reply()
        assert shown["embeds"][0]["title"] == "문제 1"
        ids = [c["custom_id"] for row in shown["components"] for c in row["components"]]
        assert ids == ["quiz:a", "quiz:b"]
        click = await fake.click_button(guild, "seoyeon", shown, "quiz:a")
        after = await click.reply()
        assert after["id"] == shown["id"] and after["content"] == "정답!"
        assert after["embeds"] == [] and after["components"] == []
        assert click.payload["data"] == {"custom_id": "quiz:a", "component_type": 2}

        # button that defers (type 6) and then edits @original
        quiz2 = await fake.send_slash_command(guild, "jihoon", "quiz")
        click2 = await fake.click_button(guild, "jihoon", await quiz2.reply(), "quiz:b")
        assert (await click2.reply())["content"] == "오답"
        assert click2.callbacks[0]["type"] == 6

        # defer with thinking, then a followup fills the placeholder
        slow = await fake.send_slash_command(guild, "minsu", "slow")
        done = await slow.reply()
        assert done["content"] == "다 됐어요" and done["flags"] & 64 and not done["flags"] & 128
        assert [c["type"] for c in slow.callbacks] == [5] and len(slow.followups) == 1

        # modal: open, read, submit (text inputs matched by custom_id or label)
        opener = await fake.send_slash_command(guild, "organizer", "confirm")
        modal = await opener.modal()
        assert modal["title"] == "미션 인증"
        submitted = await fake.submit_modal(
            guild, "organizer", modal["custom_id"], {"evidence": "Docker 27", "메모": "ok"}
        )
        assert (await submitted.reply())["content"] == "받음: Docker 27 / ok"

        # user / channel / role options with resolved data; permissions computed from roles
        progress = await fake.send_slash_command(
            guild, "organizer", "progress", options={"member": "minsu", "channel": "general", "role": "스터디 운영진"}
        )
        assert (await progress.reply())["content"] == "김민수|general|스터디 운영진|True"
        plain = await fake.send_slash_command(
            guild, "jihoon", "progress", options={"member": "jihoon", "channel": study, "role": "관리자"}
        )
        assert (await plain.reply())["content"].endswith("|False")
        assert any(m["content"].startswith("김민수|") for m in fake.channel_messages(study))

        # a file in an interaction response (multipart callback)
        export = await fake.send_slash_command(guild, "organizer", "export")
        exported = await export.reply()
        assert exported["attachments"][0]["filename"] == "progress.csv"
        assert exported["files"][0].data.decode() == "이름,점수\n김민수,3\n"

        # a channel send with a file (multipart), then history through discord.py
        channel = client.get_channel(study.id)
        assert isinstance(channel, discord.TextChannel)
        start = len(fake.calls)
        sent = await channel.send("리포트", file=discord.File(io.BytesIO(b"png-bytes"), filename="chart.png"))
        call = await fake.wait_for_call("POST", rf"^/channels/{study.id}/messages$", start=start)
        assert call.json["content"] == "리포트" and call.files[0].filename == "chart.png"
        assert call.files[0].data == b"png-bytes"
        assert sent.attachments[0].filename == "chart.png"
        assert await sent.attachments[0].read() == b"png-bytes"
        history = [m async for m in channel.history(limit=2)]
        assert history[0].id == sent.id and len(history) == 2
        await sent.edit(content="리포트 v2")
        assert fake.channel_messages(study)[-1]["content"] == "리포트 v2"

        # a member's message reaches on_message (MESSAGE_CREATE)
        seen: asyncio.Future[discord.Message] = asyncio.get_running_loop().create_future()

        async def on_message(message: discord.Message) -> None:
            if message.author.id != world.bot_user.id and not seen.done():
                seen.set_result(message)

        client.event(on_message)
        await fake.send_user_message(guild, "minsu", "안녕하세요", channel=study)
        got = await asyncio.wait_for(seen, 5)
        assert got.author.display_name == "김민수" and got.channel.id == study.id

        assert not task.done()
    assert fake.unexpected_calls == []


async def test_bad_token_is_login_failure() -> None:
    async with FakeDiscord(tokens={"good"}) as fake:
        with point_discord_at(fake):
            client = discord.Client(intents=discord.Intents.default())
            with pytest.raises(discord.LoginFailure):
                await asyncio.wait_for(client.start("wrong"), 5)
            await client.close()
        me = fake.calls[0]
        assert (me.method, me.path, me.status) == ("GET", "/users/@me", 401)
        assert me.response == {"message": "401: Unauthorized", "code": 0}


async def test_rest_edges_are_recorded() -> None:
    world = World.default(["스터디 서버", "두번째 서버"])
    async with FakeDiscord(world) as fake, aiohttp.ClientSession() as http:
        auth = {"Authorization": f"Bot {fake.token}"}
        async with http.get(f"{fake.api_base}/users/@me", headers=auth) as resp:
            assert resp.status == 200 and resp.headers["Content-Type"] == "application/json"
        async with http.get(f"{fake.api_base}/no/such/route", headers=auth) as resp:
            assert resp.status == 404
        study = world.guilds[1].channel("study")
        async with http.post(f"{fake.api_base}/channels/{study.id}/messages", json={}, headers=auth) as resp:
            assert resp.status == 400 and (await resp.json())["code"] == 50035
        form = aiohttp.FormData()
        form.add_field("payload_json", '{"content": "hi", "attachments": [{"id": 0, "filename": "a.txt"}]}')
        form.add_field("files[0]", b"abc", filename="a.txt", content_type="text/plain")
        async with http.post(f"{fake.api_base}/channels/{study.id}/messages", data=form, headers=auth) as resp:
            msg = await resp.json()
        assert msg["attachments"][0]["size"] == 3
        assert fake.channel_messages(study)[0]["files"][0].data == b"abc"
        unexpected = [(c.method, c.path, c.status) for c in fake.unexpected_calls]
        assert unexpected == [
            ("GET", "/no/such/route", 404),
            ("POST", f"/channels/{study.id}/messages", 400),
        ]
        assert uploaded("x.txt", "가").data == "가".encode()


async def test_member_chunks_and_double_ack_is_unexpected() -> None:
    async with FakeDiscord() as fake:
        guild = fake.world.guild
        intents = discord.Intents.default()
        intents.members = True
        client = discord.Client(intents=intents, guild_ready_timeout=0.1)
        tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)

        @tree.command(name="twice", description="두 번 응답", guild=discord.Object(id=guild.id))
        async def twice(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("하나")
            # a raw second ack, as a buggy bot (or a second process) would send
            route = discord.http.Route("POST", "/interactions/{i}/{t}/callback", i=interaction.id, t=interaction.token)
            await client.http.request(route, json={"type": 4, "data": {"content": "둘"}})

        with point_discord_at(fake):
            async with running_client(client, fake.token, fail_on_error_logs=False):
                dguild = client.get_guild(guild.id)
                assert dguild is not None and dguild.chunked
                start = len(fake.core.gateway.received)
                members = await asyncio.wait_for(dguild.query_members("김", limit=5), 5)
                assert [m.display_name for m in members] == ["김민수"]
                assert fake.core.gateway.received[start]["op"] == 8
                await tree.sync(guild=discord.Object(id=guild.id))
                start = len(fake.calls)
                handle = await fake.send_slash_command(guild, "minsu", "twice")
                assert (await handle.reply())["content"] == "하나"
                first = await fake.wait_for_call("POST", r"/callback$", start=start)
                await fake.wait_for_call("POST", r"/callback$", start=first.index + 1)
        [bad] = fake.unexpected_calls
        assert bad.status == 400 and bad.response["code"] == 40060


def test_members_by_intent_hides_members_without_the_intent() -> None:
    fake = FakeDiscord(members_by_intent=True)
    guild = fake.world.guild
    hidden = fake.core.gateway.guild_create(guild, discord.Intents.default().value)
    assert [m["user"]["username"] for m in hidden["members"]] == ["studybot"]
    assert hidden["member_count"] == len(guild.members) == 5
    shown = fake.core.gateway.guild_create(guild, discord.Intents.all().value)
    assert len(shown["members"]) == 5
