"""Korean text the console adapter itself shows. What services say lives in the services; messages the
Discord adapter also shows (organizer only, command descriptions) are read from bot.discord_app.texts.

The option checks below are what Discord's own client enforces before a command reaches the bot
(ranges, lengths, choices, a member picker): the console enforces them itself, so it words them here."""

from __future__ import annotations

WELCOME = (
    "studybot 콘솔 — 디스코드 없이 쓰는 가상 서버 '{server}'의 {channel} 채널이에요.\n"
    "멤버: {people} · 지금 {name} 님으로 접속했어요.\n"
    "/help 명령 목록 · /as 이름 멤버 바꾸기 · /clock +1d 하루 넘기기 · /quit 끝내기"
)
PROMPT = "{name}{badge} › "
ORGANIZER_BADGE = "(운영진)"
GOODBYE = "진행 상황은 {db} 에 저장됐어요. 다음에 또 만나요! 👋"

UNKNOWN_COMMAND = "'{typed}'은(는) 없는 명령이에요. /help 로 쓸 수 있는 명령을 확인해 주세요."
UNKNOWN_SUBCOMMAND = "'{typed}'은(는) 없는 명령이에요. /{group} 다음에는 {choices} 중 하나를 써 주세요."
NOT_A_COMMAND = "명령은 /로 시작해요 (예: /concept today). /help 로 목록을 볼 수 있어요."
NO_PENDING_CHOICE = "지금 고를 수 있는 버튼이 없어요. 명령은 /로 시작해요 (예: /concept today)."
CHOICE_OUT_OF_RANGE = "'{typed}'에 해당하는 버튼이 없어요. {choices} 중에서 골라 주세요."
BUTTON_DISABLED = "'{label}' 버튼은 지금 누를 수 없어요."
BUTTONS_HINT = "번호나 글자를 입력하면 버튼을 눌러요."
BAD_QUOTES = '따옴표가 닫히지 않았어요. 값에 띄어쓰기가 있으면 "이렇게" 감싸 주세요.'

UNKNOWN_OPTION = "'{option}' 옵션은 /{command}에 없어요. {allowed}"
OPTIONS_ALLOWED = "쓸 수 있는 옵션: {names}"
NO_OPTIONS = "이 명령에는 옵션이 없어요."
TOO_MANY_VALUES = "'{extra}'은(는) 어느 옵션의 값인지 모르겠어요. {usage}"
MISSING_OPTION = "{option} 옵션을 넣어 주세요. 사용법: {usage}"
TEXT_LENGTH = "{option} 옵션은 {low}~{high}자로 적어 주세요 (지금 {length}자)."
INTEGER_RANGE = "{option} 옵션은 {low}~{high} 사이의 정수로 적어 주세요 ('{typed}'을(를) 받았어요)."
CHOICE_UNKNOWN = "{option} 옵션은 {choices} 중 하나로 골라 주세요 ('{typed}'을(를) 받았어요)."
MEMBER_UNKNOWN = "'{typed}' 멤버는 이 서버에 없어요. 멤버: {people}"
CHANNEL_UNKNOWN = "'{typed}' 채널은 이 서버에 없어요. 채널: {channels}"

AS_WHO = "누구로 바꿀까요? 사용법: /as 이름 (멤버: {people})"
AS_SWITCHED = "이제 {name}{badge} 님이에요."
AS_SAME = "이미 {name} 님이에요."

CLOCK_NOW = "🕘 지금 가상 시각: {now} ({zone})"
CLOCK_MOVED = "🕘 가상 시각을 옮겼어요: {before} → {now} ({zone})"
CLOCK_BACKWARDS = "시간은 앞으로만 옮길 수 있어요. 기록이 뒤섞이지 않도록요. 지금은 {now} 이에요."
CLOCK_USAGE = (
    "시각을 알아볼 수 없어요: '{typed}'. 예: /clock +1d (하루 뒤), /clock +2h, /clock +30m, "
    "/clock 2026-12-03 09:00, /clock 09:00 (오늘 또는 내일 그 시각)"
)
AT_USAGE = "--at {typed!r} 을(를) 알아볼 수 없어요. 'YYYY-MM-DD HH:MM' 로 적어 주세요 (예: --at '2026-12-01 09:00')."
AT_BEFORE_SAVED = (
    "이 데이터베이스의 가상 시각은 이미 {saved} 이에요. 시간은 앞으로만 갈 수 있어서 --at 은 그 뒤여야 해요."
)

MODAL_PROMPT = "📝 {title} — {label}\n다 붙여 넣었으면 빈 줄에서 Enter를 두 번 눌러 제출해요. (취소: 첫 줄에 /cancel)"
MODAL_CANCELLED = "제출을 취소했어요. 아무것도 저장하지 않았어요."

FILE_SAVED = "📎 첨부 파일을 저장했어요: {path} ({size:,} bytes)"
FILE_NOT_SAVED = "📎 첨부 파일 {filename} 을(를) 저장하지 못했어요: {error}"
IMAGE = "🖼 그림: {path}"

UNEXPECTED_ERROR = "앗, 처리 중에 예상하지 못한 오류가 났어요: {error}. 세션은 계속돼요."

HELP_TITLE = "studybot 콘솔 명령"
HELP_MEMBER = "멤버 명령"
HELP_ORGANIZER = "운영진 명령"
HELP_CONSOLE = "콘솔 명령"
HELP_FOOTER = (
    "옵션은 디스코드처럼 이름:값 으로 (예: /leaderboard period:month) 또는 순서대로 (/leaderboard month) 적어요. "
    "개념은 이름 일부나 번호로 찾을 수 있어요."
)
CMD_AS = "다른 멤버로 바꿉니다"
CMD_CLOCK = "가상 시각을 보거나 앞으로 옮깁니다 (+1d, +2h, 2026-12-03 09:00)"
CMD_HELP = "이 도움말"
CMD_QUIT = "콘솔을 끝냅니다 (Ctrl-D도 돼요)"

# -- the study channel: what the bot posts for everyone -------------------------------------------------
CHANNEL_POST = "📣 {channel} 채널에 봇이 글을 올렸어요"
CHANNEL_QUIZ = "📣 {channel} 채널에 채널 퀴즈가 올라왔어요 (모두 답할 수 있어요)"
CHANNEL_RESULTS = "📣 {channel} 채널 퀴즈가 마감됐어요"
CHANNEL_GONE = "#삭제된 채널({channel_id})"
NOTICE_FOR = "📬 {name} 님에게 온 알림"
FORM_LINE_PROMPT = "📝 {title} — {label}: {hint}\n한 줄로 적고 Enter를 눌러요. (취소: 빈 줄이나 /cancel)"
