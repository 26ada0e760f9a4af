"""Every piece of Korean text the Discord adapter itself shows, in one place for localisation.
(What services say lives in the services.)"""

from __future__ import annotations

GROUP_CONCEPT = "스터디 문서의 개념을 봅니다"
CMD_CONCEPT_TODAY = "이 서버의 오늘의 개념을 봅니다"
CMD_CONCEPT_SHOW = "원하는 개념을 골라서 봅니다"
CMD_CONCEPT_LIST = "모든 개념을 순서대로, 읽음 표시와 함께 봅니다"
OPT_CONCEPT = "개념 이름 (입력하면 찾아 줍니다)"

GUILD_ONLY = "이 명령은 서버 채널에서만 쓸 수 있어요."
ORGANIZER_ONLY = "이 명령은 운영진만 쓸 수 있어요. (서버 관리 권한이나 운영진 역할이 필요해요)"
UNEXPECTED_ERROR = "앗, 처리 중에 예상하지 못한 오류가 났어요. 잠시 뒤 다시 해 보시고, 계속되면 운영진에게 오류 번호 `{error_id}`를 알려 주세요."
COMMAND_OUT_OF_DATE = "이 명령은 업데이트 중이에요. 잠시 뒤 다시 시도해 주세요."
COOLDOWN = "조금 천천히! {seconds:.0f}초 뒤에 다시 해 주세요."

GROUP_STUDY = "스터디 운영 도구 (운영진 전용)"
CMD_STUDY_ORGANIZER_ROLE = "운영진으로 인정할 역할을 정합니다"
OPT_ROLE = "운영진 역할"
MANAGE_SERVER_ONLY = "운영진 역할은 서버 관리 권한이 있는 분만 정할 수 있어요."
ROLE_IS_EVERYONE = "@everyone은 운영진 역할로 정할 수 없어요. 운영진만 가진 역할을 골라 주세요."
ROLE_IS_MANAGED = "'{role}' 역할은 봇이나 연동 서비스가 관리하는 역할이라 운영진 역할로 정할 수 없어요."
CMD_STUDY_REPORT = "모임 리포트: 미션 완료, 개념별 정답률, 많이 틀린 문제 (운영진)"
CMD_STUDY_EXPORT = "모든 멤버의 진도를 CSV 파일로 받습니다 (운영진)"

# -- quizzes: /quiz start, /quiz channel and their buttons ------------------------------------------
GROUP_QUIZ = "퀴즈를 풉니다"
CMD_QUIZ_START = "나만 보는 퀴즈를 버튼으로 풉니다 (복습할 문제가 먼저 나와요)"
CMD_QUIZ_CHANNEL = "채널에 모두가 푸는 퀴즈 한 문제를 올립니다 (운영진)"
OPT_QUIZ_CONCEPT = "퀴즈를 낼 개념 (비우면 이 서버에 올라온 개념에서)"
OPT_QUIZ_COUNT = "문제 수 (1~10, 기본 5)"
OPT_QUIZ_SECONDS = "답을 받는 시간, 초 (10~600, 기본 60)"
QUIZ_FORM_TITLE = "답 입력 · 문제 {number}"
QUIZ_FORM_LABEL = "답"
QUIZ_FORM_PLACEHOLDER = "핵심 낱말만 적어 주세요 (200자 이내)"
QUIZ_CONCEPT_GONE = "이 개념은 지금 코스에 없어요. `/concept list`로 목록을 확인해 주세요."
QUIZ_CHANNEL_POSTED = "채널 퀴즈를 올렸어요. {seconds}초 뒤에 마감하고 결과를 알려 드려요."
QUIZ_CHANNEL_CANNOT_POST = (
    "이 채널에 퀴즈를 올릴 수 없어요. 봇에게 이 채널의 '메시지 보내기'와 '링크 첨부' 권한을 주고 다시 해 주세요."
)
QUIZ_CHANNEL_ALREADY_CLOSED = "이미 마감된 채널 퀴즈예요."

# -- daily post schedule (/schedule) --------------------------------------------------------------
GROUP_SCHEDULE = "매일 개념 게시 일정 (운영진 전용)"
CMD_SCHEDULE_SET = "매일 개념을 올릴 채널, 시간, 시간대를 정합니다 (운영진)"
CMD_SCHEDULE_SHOW = "게시 일정, 다음 게시, 진도, 마지막 게시 결과를 봅니다 (운영진)"
CMD_SCHEDULE_PAUSE = "매일 게시를 잠시 멈춥니다 (운영진)"
CMD_SCHEDULE_RESUME = "멈춘 매일 게시를 다시 시작합니다 (운영진)"
CMD_SCHEDULE_POST_NOW = "다음 개념을 지금 바로 올립니다: 오늘의 게시로 칩니다 (운영진)"
OPT_SCHEDULE_CHANNEL = "개념을 올릴 텍스트 채널"
OPT_SCHEDULE_TIME = "24시간제 HH:MM (예: 09:00)"
OPT_SCHEDULE_TIMEZONE = "시간대 IANA 이름 (기본: 봇의 기본 시간대, 예: Asia/Seoul)"
SCHEDULE_PERMISSION_NAMES = {
    "view_channel": "채널 보기",
    "send_messages": "메시지 보내기",
    "embed_links": "링크 첨부",
}
SCHEDULE_CHANNEL_DELETED = "삭제됐거나 볼 수 없는 채널 ({channel_id})"

# -- missions: /mission info | confirm | status | roster | verify | revoke -------------------------------------
GROUP_MISSION = "실전 미션: 할 일 보기, 확인받기, 현황"
CMD_MISSION_INFO = "미션에서 할 일과 확인받는 방법을 봅니다"
CMD_MISSION_CONFIRM = "명령의 출력을 붙여 넣어 미션을 확인받습니다"
CMD_MISSION_STATUS = "내 미션 상태를 봅니다"
CMD_MISSION_ROSTER = "누가 확인을 마쳤는지, 검토 대기인지, 아직인지 봅니다 (운영진)"
CMD_MISSION_VERIFY = "멤버의 미션을 직접 확인 완료로 바꿉니다 (운영진)"
CMD_MISSION_REVOKE = "멤버의 미션 확인을 사유와 함께 취소합니다 (운영진)"
OPT_MISSION_MEMBER = "대상 멤버"
OPT_MISSION_REASON = "취소 사유 (멤버에게 그대로 전해져요, 500자 이내)"
# (the evidence form's label, description and placeholder are the mission's own, from course.yaml)
MISSION_NOT_A_BOT = "봇 계정의 미션은 확인하거나 취소할 수 없어요. 멤버를 골라 주세요."
MISSION_NOTICE_FIELD = "멤버에게 알림"
MISSION_REVOKE_DM_SENT = "DM으로 취소 사실과 사유를 알렸어요."
MISSION_REVOKE_DM_FAILED = "DM을 보낼 수 없어서(멤버가 DM을 막았어요), 멤버가 다음에 봇을 쓸 때 알려 줄게요."
MISSION_ROLE_FIELD = "확인 역할"
MISSION_ROLE_PROBLEM_FIELD = "⚠️ 확인 역할을 줄 수 없어요"
MISSION_ROLE_GRANTED = "'{role}' 역할을 드렸어요."
MISSION_ROLE_REMOVED = "'{role}' 역할을 뺐어요."
MISSION_ROLE_NOT_FOUND = "서버에 '{role}' 역할이 없어요. 같은 이름의 역할을 만들어 주세요."
MISSION_ROLE_NO_PERMISSION = "봇에게 '역할 관리' 권한이 없어서 '{role}' 역할을 줄 수 없어요. 봇 역할에 권한을 주세요."
MISSION_ROLE_TOO_HIGH = "'{role}' 역할이 봇의 역할보다 위에 있어서(또는 연동 역할이라) 줄 수 없어요. 서버 설정 > 역할에서 봇 역할을 그 위로 올려 주세요."
MISSION_ROLE_FAILED = "'{role}' 역할을 주다가 Discord가 거절했어요. 봇의 권한과 역할 순서를 확인해 주세요."
MISSION_ROLE_LATER = (
    "확인 역할 '{role}'은 봇 설정 문제로 아직 드리지 못했어요. 운영진이 미션 현황에서 이유를 볼 수 있어요."
)

# -- /progress and /leaderboard (progress and ranking) --------------------------------------------
CMD_PROGRESS = "학습 현황: 읽은 개념, 퀴즈 정답률, 연속 학습, 점수와 순위, 미션, 복습할 문제"
OPT_PROGRESS_MEMBER = "현황을 볼 멤버 (비우면 내 현황)"
CMD_LEADERBOARD = "이 서버의 순위: 상위 10명과 내 순위"
OPT_LEADERBOARD_PERIOD = "기간 (기본: 이번 주)"
PERIOD_WEEK = "이번 주 (월요일부터)"
PERIOD_MONTH = "이번 달"
PERIOD_ALL = "전체"
BOT_HAS_NO_PROGRESS = "봇은 학습 기록이 없어요. 멤버를 골라 주세요."
