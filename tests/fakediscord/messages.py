"""Messages the bot creates: payload building, edits, attachments (with their bytes) and per-channel history."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from .util import iso_now, new_id
from .world import User

EPHEMERAL = 1 << 6
LOADING = 1 << 7

# message types
DEFAULT = 0
CHAT_INPUT_COMMAND = 20


@dataclass
class UploadedFile:
    """One `files[n]` multipart part (or a file a fake user attached)."""

    filename: str
    data: bytes
    content_type: str | None = None
    attachment_id: int | None = None


@dataclass
class StoredMessage:
    data: dict[str, Any]
    files: list[UploadedFile] = field(default_factory=list)
    deleted: bool = False
    interaction_id: int | None = None

    @property
    def id(self) -> int:
        return int(self.data["id"])

    @property
    def channel_id(self) -> int:
        return int(self.data["channel_id"])

    @property
    def flags(self) -> int:
        return int(self.data.get("flags", 0))

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    def public(self) -> dict[str, Any]:
        """A deep copy of the payload plus `files`: the UploadedFile objects (with bytes) it carries."""
        out = copy.deepcopy(self.data)
        ids = {str(a["id"]) for a in out.get("attachments", [])}
        out["files"] = [f for f in self.files if str(f.attachment_id) in ids]
        out["deleted"] = self.deleted
        return out


class MessageStore:
    def __init__(self) -> None:
        self.by_id: dict[int, StoredMessage] = {}
        self.by_channel: dict[int, list[StoredMessage]] = {}
        self.attachments: dict[int, UploadedFile] = {}
        self.base_url = ""

    def get(self, message_id: int) -> StoredMessage | None:
        msg = self.by_id.get(message_id)
        return None if msg is None or msg.deleted else msg

    def channel_history(self, channel_id: int) -> list[StoredMessage]:
        """Oldest first, deleted ones left out."""
        return [m for m in self.by_channel.get(channel_id, []) if not m.deleted]

    def attachment_payload(self, file: UploadedFile, channel_id: int, description: str | None = None) -> dict[str, Any]:
        att_id = new_id()
        file.attachment_id = att_id
        self.attachments[att_id] = file
        url = f"{self.base_url}/attachments/{channel_id}/{att_id}/{file.filename}"
        data: dict[str, Any] = {
            "id": str(att_id),
            "filename": file.filename,
            "size": len(file.data),
            "url": url,
            "proxy_url": url,
            "content_type": file.content_type or "application/octet-stream",
        }
        if description is not None:
            data["description"] = description
        return data

    def _attachments(
        self,
        spec: list[dict[str, Any]] | None,
        files: dict[int, UploadedFile],
        existing: list[dict[str, Any]],
        channel_id: int,
    ) -> tuple[list[dict[str, Any]], list[UploadedFile]]:
        """Resolve the `attachments` field of a create/edit body against uploaded `files[n]` parts."""
        used: list[UploadedFile] = []
        out: list[dict[str, Any]] = []
        if spec is None:
            out = list(existing)
            for index in sorted(files):
                out.append(self.attachment_payload(files[index], channel_id))
                used.append(files[index])
            return out, used
        old = {str(a["id"]): a for a in existing}
        for entry in spec:
            key = str(entry.get("id"))
            if key in old:
                out.append(old[key])
            elif key.isdigit() and int(key) in files:
                file = files[int(key)]
                if entry.get("filename"):
                    file.filename = entry["filename"]
                out.append(self.attachment_payload(file, channel_id, entry.get("description")))
                used.append(file)
        for index in sorted(files):
            if files[index] not in used:
                out.append(self.attachment_payload(files[index], channel_id))
                used.append(files[index])
        return out, used

    def create(
        self,
        *,
        channel_id: int,
        guild_id: int | None,
        author: User,
        body: dict[str, Any],
        files: dict[int, UploadedFile] | None = None,
        message_type: int = DEFAULT,
        extra_flags: int = 0,
        webhook_id: int | None = None,
        interaction_id: int | None = None,
        in_channel: bool = True,
        member: dict[str, Any] | None = None,
    ) -> StoredMessage:
        files = files or {}
        attachments, used = self._attachments(body.get("attachments"), files, [], channel_id)
        embeds = body.get("embeds")
        if embeds is None and body.get("embed"):
            embeds = [body["embed"]]
        data: dict[str, Any] = {
            "id": str(new_id()),
            "type": message_type,
            "channel_id": str(channel_id),
            "author": author.payload(),
            "content": body.get("content") or "",
            "tts": bool(body.get("tts", False)),
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": attachments,
            "embeds": embeds or [],
            "components": body.get("components") or [],
            "flags": int(body.get("flags") or 0) | extra_flags,
            "pinned": False,
            "reactions": [],
        }
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
            if member is not None:
                data["member"] = member
        if webhook_id is not None:
            data["webhook_id"] = str(webhook_id)
            data["application_id"] = str(webhook_id)
        if body.get("nonce") is not None:
            data["nonce"] = body["nonce"]
        ref = body.get("message_reference")
        if ref:
            ref = dict(ref)
            ref.setdefault("channel_id", str(channel_id))
            if guild_id is not None:
                ref.setdefault("guild_id", str(guild_id))
            data["message_reference"] = ref
        msg = StoredMessage(data=data, files=used, interaction_id=interaction_id)
        self.by_id[msg.id] = msg
        if in_channel:
            self.by_channel.setdefault(channel_id, []).append(msg)
        return msg

    def edit(self, msg: StoredMessage, body: dict[str, Any], files: dict[int, UploadedFile] | None = None) -> None:
        files = files or {}
        data = msg.data
        for key in ("content", "embeds", "components"):
            if key in body:
                value = body[key]
                data[key] = value if value is not None else ("" if key == "content" else [])
        if "embed" in body and "embeds" not in body:
            data["embeds"] = [body["embed"]] if body["embed"] else []
        if "flags" in body and body["flags"] is not None:
            # only SUPPRESS_EMBEDS (and components v2) can change; ephemeral/loading stay as they were
            keep = data.get("flags", 0) & (EPHEMERAL | LOADING)
            data["flags"] = (int(body["flags"]) & ~(EPHEMERAL | LOADING)) | keep
        if "attachments" in body or files:
            attachments, used = self._attachments(body.get("attachments"), files, data["attachments"], msg.channel_id)
            data["attachments"] = attachments
            msg.files.extend(used)
        data["edited_timestamp"] = iso_now()

    def finish_loading(self, msg: StoredMessage, body: dict[str, Any], files: dict[int, UploadedFile]) -> None:
        """A deferred ("thinking") response gets its content: clear LOADING, keep EPHEMERAL."""
        self.edit(msg, body, files)
        msg.data["flags"] = msg.data.get("flags", 0) & ~LOADING
        msg.data["edited_timestamp"] = None
        if "flags" in body and body["flags"] is not None:
            msg.data["flags"] |= int(body["flags"]) & ~(EPHEMERAL | LOADING)

    def delete(self, msg: StoredMessage) -> None:
        msg.deleted = True
