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

# -- /progress and /leaderboard (progress and ranking) --------------------------------------------
CMD_PROGRESS = "학습 현황: 읽은 개념, 퀴즈 정답률, 연속 학습, 점수와 순위, 미션, 복습할 문제"
OPT_PROGRESS_MEMBER = "현황을 볼 멤버 (비우면 내 현황)"
CMD_LEADERBOARD = "이 서버의 순위: 상위 10명과 내 순위"
OPT_LEADERBOARD_PERIOD = "기간 (기본: 이번 주)"
PERIOD_WEEK = "이번 주 (월요일부터)"
PERIOD_MONTH = "이번 달"
PERIOD_ALL = "전체"
BOT_HAS_NO_PROGRESS = "봇은 학습 기록이 없어요. 멤버를 골라 주세요."
