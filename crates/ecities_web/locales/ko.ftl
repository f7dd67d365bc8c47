# 인터페이스 문구, 한국어.

## Page frame
language-name = 한국어
skip-to-content = 본문 바로가기
nav-label = 사이트
nav-home = 홈
nav-search = 검색
nav-analytics = 통계
nav-members = 회원
nav-topics = 주제
nav-curated = 추천
nav-about = 소개
language-switcher = 언어
footer = e-Cities 네트워크의 일원 · ActivityPub

## Home
intro = e-Cities 네트워크의 노드입니다. 도시는 모범 사례와 교훈을 공유하고, 도시 연합은 이를 전하며, UN 공공행정 지식공간은 전 세계를 위해 이를 모읍니다.
search-all = 모든 사례 검색
hosted-here = 이 노드의 계정
published-here = 이곳에서 발행
from-network = 네트워크 소식
from-unpaks = UN-PAKS 소식
nothing-yet = 아직 없습니다.
more = 더 보기
widget = 위젯

## Search
search-title = 사례 검색
words = 검색어
goal = 지속가능발전목표
any = 전체
country = 국가 (ISO 코드)
region = UN 지역 (코드 또는 이름)
kind = 유형
language = 언어
search = 검색
result-count = { $count }건
result-count-approx = { $count }건 이상 (이처럼 흔한 단어는 최신 결과만 셉니다)
subscribe = 구독
older = 이전 결과
refine = 좁혀 보기
via = { $name } 경유
facet-sdg = 목표
facet-region = 지역
facet-country = 국가
facet-kind = 유형
facet-theme = 주제
facet-language = 언어
facet-association = 연합
facet-actor = 작성자
facet-year = 연도

## Actor pages
members = 회원 도시
no-members = 아직 회원이 없습니다.
member-city = 도시
member-country = 국가
member-since = 가입일
practices = 사례
no-practices = 아직 발행한 사례가 없습니다.
portal = 공식 누리집
portal-verified-since = { $date }부터 확인됨: 공식 누리집이 이 프로필로 연결됩니다
verified = 확인됨
featured = 추천 사례
topic-intro = 이 주제는 다음 검색에 새로 맞는 사례를 알립니다

## Practice pages
read-in = 읽기
relayed-by = 전달
approved = 운영진 승인
then = 이어서
chain-written = 작성
chain-approved = 승인
chain-featured = 추천
updated = 수정
sdgs = 지속가능발전목표
sdg-number = SDG { $number }
themes = 주제
other-languages = 다른 언어
problem = 문제
solution = 해결
results-section = 성과
lessons = 교훈
license = 이용 허락
source = 출처
period = 기간
documents = 문서
document-untitled = { $format } 문서
size-bytes = { $n }바이트
size-kb = { $n }KB
size-mb = { $n }MB
kind-best_practice = 모범 사례
kind-lesson_learned = 교훈
kind-case_study = 사례 연구
kind-policy = 정책
kind-event = 행사
kind-publication = 간행물
kind-post = 게시물
gone-title = 삭제된 사례입니다
gone-text = 작성자가 삭제했습니다.
gone-on = 삭제일

## Widget
widget-empty = 아직 발행된 내용이 없습니다.
widget-more = e-Cities 네트워크 더 보기

## Analytics
analytics-title = 통계
practice-count = 사례 { $count }건
download = 내려받기
same-filters = 검색과 같은 조건
nothing-to-count = 아직 셀 것이 없습니다.
chart-sdg = 목표별 사례
chart-region = UN 지역별 사례
chart-country = 국가별 사례
chart-language = 언어별 사례
chart-month = 월별 사례

## About
about-title = 이 노드 소개
about-empty = 운영자가 아직 이 노드를 소개하지 않았습니다.
about-network = 이 노드는 e-Cities 네트워크의 일원입니다.

## 날짜: "2026년 12월 1일"
date-long = { $year }년 { $month } { $day }일
month-1 = 1월
month-2 = 2월
month-3 = 3월
month-4 = 4월
month-5 = 5월
month-6 = 6월
month-7 = 7월
month-8 = 8월
month-9 = 9월
month-10 = 10월
month-11 = 11월
month-12 = 12월

## 관리: 양식 제출 후 한 번만 보이는 메시지
flash-published = 게시됨: { $title }
flash-saved = 저장됨: { $title }
flash-approved = 사례를 승인했습니다
flash-rejected = 사례를 거절했습니다
flash-replayed = { $count ->
    [0] 다시 시도할 실패한 전송이 없습니다
   *[other] 실패한 전송 { $count }건을 다시 시도합니다
}
flash-source-added = 피드를 추가했습니다
flash-polled = 피드 확인: 새 항목 { $created }건, 갱신 { $updated }건, 삭제 { $deleted }건
flash-poll-failed = 피드를 읽을 수 없습니다. 이유는 피드 옆에 표시됩니다.
flash-domain-saved = 도메인 규칙을 저장했습니다
flash-domain-removed = 도메인 규칙을 삭제했습니다
flash-node-saved = 노드 정보를 저장했습니다
flash-token-created = 새 API 토큰(한 번만 표시되니 지금 복사하세요): { $token }
flash-error = 실행되지 않음: { $reason }

topics-title = 주제
topics-intro = 각 주제는 자체 연합우주 계정을 가진 저장된 검색입니다. 팔로우하면 새로 찾은 모든 사례를 받아 볼 수 있습니다.
topics-empty = 이 노드에는 아직 주제가 없습니다.
topics-search = 검색 보기

## Admin: the workspace's frame and dashboard
admin-title = ecities 관리
admin-signed-in = { $login }(으)로 로그인함 ({ $role })
admin-public-page = 공개 페이지
admin-sign-out = 로그아웃
admin-nav-label = 관리
admin-nav-dashboard = 대시보드
admin-nav-practices = 사례
admin-nav-write = 사례 작성
admin-nav-review = 검토 대기열
admin-nav-feeds = 포털 피드
admin-nav-deliveries = 전송
admin-nav-follows = 팔로워와 팔로우
admin-nav-tokens = API 토큰
admin-nav-users = 사용자
admin-nav-settings = 노드 설정
admin-node-dashboard = 이 노드
admin-needs-you = 처리할 일
admin-pending-reviews = { $count ->
    [0] 검토를 기다리는 사례가 없습니다
   *[other] 사례 { $count }건이 검토를 기다립니다
}
admin-failed-deliveries = { $count ->
    [0] 실패한 전송이 없습니다
   *[other] 전송 { $count }건이 실패했습니다
}
admin-feed-errors = { $count ->
    [0] 모든 포털 피드를 읽었습니다
   *[other] 포털 피드 { $count }개를 읽지 못했습니다
}
admin-recent-practices = 최근 사례
admin-none-yet = 아직 없습니다.
admin-user-count = 사용자 { $count }명
admin-domain-rule-count = { $count ->
    [0] 도메인 규칙이 없습니다
   *[other] 도메인 규칙 { $count }개
}
# --- records ---
history-link = 버전 기록
history-title = 버전 기록
history-intro = 이 사례의 모든 버전은 변경 없이 보관되며, 각 버전은 인용할 수 있는 고유한 영구 주소를 가집니다.
version-number = 버전 { $number }
version-current = 현재
version-of = { $date } 버전 { $number }
version-notice = 전체 { $latest }개 중 버전 { $number }을(를) 보고 있습니다. 게시된 그대로 보관된 내용입니다.
version-read-current = 현재 버전 보기
version-previous = 이전 버전
version-next = 다음 버전
permalink = 이 버전의 영구 링크
cite-as = 인용 방법
about-harvest = 사례 수집하기
about-harvest-text = 도서관, 리포지터리, 검색 엔진은 이 노드에 게시된 사례를 변경 및 삭제 내역과 함께 다음 표준 주소로 수집할 수 있습니다.
# --- network ---
nav-network = 네트워크
network-title = 네트워크
network-intro = 이 노드가 알고 있는 협회와 지역·국가별 회원 도시, 각 도시의 가입 시기와 공유한 사례 수입니다.
network-follow-hint = 연합우주 계정으로 도시나 협회를 팔로우하려면 옆의 ‘팔로우’를 열고 주소(예: alice@mastodon.example)를 입력하세요. 확인은 본인의 서버에서 합니다.
network-summary = 협회 { $associations }곳, 회원 도시 { $cities }곳, 국가 { $countries }개.
network-map-title = 국가별 회원 도시
network-map-note = 회원 도시가 있는 국가는 강조 표시됩니다(색이 진할수록 도시가 많음). 아래 표에 목록이 있습니다.
network-map-country = { $country }: 회원 도시 { $count }곳
network-by-country = 국가별 회원 도시
network-region = 지역
network-cities = 회원 도시
network-associations = 협회
network-local = 이 노드
network-association-shared = 회원 도시 { $members }곳 · 공유한 사례 { $relayed }건
network-region-unknown = 국가 미지정
network-joined = 가입일
network-shared = 공유
network-practices = 사례 { $count }건
network-follow = 팔로우
network-follow-button = 팔로우
network-follow-label = 내 연합우주 주소
network-no-members = 이 노드가 알고 있는 회원 도시가 없습니다.
network-empty = 이 노드는 아직 알고 있는 협회가 없습니다.
network-json = 같은 데이터(JSON):
network-follow-search = 앱에서 이 주소를 검색해 팔로우하세요:
network-back = 네트워크로 돌아가기
network-follow-no-template = { $host } 서버는 원격 팔로우 방법을 알려 주지 않습니다.
network-follow-unknown = 이 노드는 해당 도시나 협회를 알지 못합니다.
network-follow-failed = 팔로우를 시작할 수 없습니다: { $reason }
# --- searchui ---
sort-label = 정렬
sort-relevance = 관련성 높은 순
sort-newest = 최신순
apply-filters = 필터 적용
filters-applied = 적용된 필터
remove-filter = 필터 { $name } 제거
clear-filters = 모든 필터 지우기
no-results = 이 검색과 일치하는 사례가 없습니다.
more-results = 결과 더 보기
sdg-name-1 = 빈곤 퇴치
sdg-name-2 = 기아 종식
sdg-name-3 = 건강과 웰빙
sdg-name-4 = 양질의 교육
sdg-name-5 = 성평등
sdg-name-6 = 깨끗한 물과 위생
sdg-name-7 = 모두를 위한 깨끗한 에너지
sdg-name-8 = 양질의 일자리와 경제성장
sdg-name-9 = 산업, 혁신과 사회기반시설
sdg-name-10 = 불평등 감소
sdg-name-11 = 지속가능한 도시와 공동체
sdg-name-12 = 지속가능한 소비와 생산
sdg-name-13 = 기후변화 대응
sdg-name-14 = 해양생태계 보전
sdg-name-15 = 육상생태계 보전
sdg-name-16 = 평화, 정의와 강력한 제도
sdg-name-17 = 지구촌 협력

# --- admin2: review, members, curation, topics ---
admin-nav-members = 회원 도시
admin-nav-curation = 큐레이션
admin-nav-topics = 주제
admin-th-practice = 사례
admin-th-city = 도시
admin-th-author = 작성자
admin-th-country = 국가
admin-th-date = 게시일
admin-th-decision = 결정
admin-th-reason = 사유
admin-th-decided = 결정일
admin-th-state = 상태
admin-th-joined = 가입일
admin-th-shared = 공유한 사례
admin-th-actions = 작업
admin-th-topic = 주제
admin-th-handle = 팔로우할 핸들
admin-th-search = 검색
admin-th-created = 만든 날
admin-moderation-heading = 검토 방식
admin-moderation-now-auto = 회원 도시의 사례는 게시되는 즉시 전달됩니다.
admin-moderation-now-manual = 회원 도시의 사례는 검토자가 승인할 때까지 여기서 기다립니다.
admin-moderation-legend = 회원 도시의 사례를 전달하는 방식
admin-moderation-auto = 자동: 회원 도시의 사례를 바로 전달
admin-moderation-manual = 수동: 사례마다 검토를 거침
admin-moderation-save = 검토 방식 저장
admin-review-pending = { $count ->
    [0] 검토를 기다리는 사례가 없습니다
   *[other] 검토를 기다리는 사례 { $count }건
}
admin-review-pending-caption = 승인하면 사례가 협회의 팔로워에게 전달됩니다. 거절할 때 적은 사유는 도시가 볼 수 있습니다.
admin-review-approve = 승인
admin-review-approve-named = “{ $title }” 승인
admin-review-reason = 사유 (도시에 표시됨)
admin-review-reject = 거절
admin-review-reject-named = “{ $title }” 거절
admin-review-empty = 검토를 기다리는 사례가 없습니다.
admin-review-decided = 최근 결정
admin-review-no-decisions = 아직 결정이 없습니다.
admin-review-decision-approved = 승인됨
admin-review-decision-rejected = 거절됨
admin-members-intro = 회원 도시는 이 협회가 팔로우하는 도시이며, 그 사례가 협회의 팔로워에게 전달됩니다.
admin-members-invite = 도시 초대
admin-members-handle = 도시의 핸들
admin-members-handle-help = 예: @seoul@cities.example. 다른 서버의 도시는 그 서버에서 초대를 수락합니다.
admin-members-invite-button = 초대
admin-members-count = { $count ->
    [0] 아직 회원 도시가 없습니다
   *[other] 회원 도시 { $count }곳
}
admin-members-none = 핸들로 도시를 초대하면 그 도시의 사례를 전달합니다.
admin-members-state-accepted = 회원
admin-members-state-pending = 초대함, 응답 대기 중
admin-members-state-rejected = 거절함
admin-members-remove = 제외
admin-members-remove-named = { $name } 회원 제외
admin-members-remove-title = { $name }을(를) 회원에서 제외할까요?
admin-members-remove-explain = 협회가 이 도시의 팔로우를 중단합니다. 새 사례는 더 이상 전달되지 않으며, 이미 전달된 사례는 그대로 남습니다.
admin-members-remove-confirm = 예, 이 회원을 제외합니다
admin-members-keep = 취소
admin-curation-intro = 이 노드가 보유한 사례를 검색하고 우수 사례를 추천하세요. 추천한 사례는 이 지식 공간의 팔로워에게 알려집니다.
admin-curation-search = 사례 찾기
admin-curation-search-label = 제목, 요약, 본문의 단어
admin-curation-search-button = 검색
admin-curation-no-results = 일치하는 사례가 없습니다.
admin-curation-featured = { $count ->
    [0] 아직 추천한 사례가 없습니다
   *[other] 추천 사례 { $count }건
}
admin-curation-none = 위의 검색에서 사례를 추천하세요.
admin-curation-feature = 추천
admin-curation-feature-named = “{ $title }” 추천
admin-curation-unfeature = 추천 해제
admin-curation-unfeature-named = “{ $title }” 추천 해제
admin-topics-intro = 주제는 어느 페디버스 계정에서나 팔로우할 수 있는 저장된 검색이며, 일치하는 새 사례를 하나씩 알립니다.
admin-topics-new = 주제 만들기
admin-topics-name = 이름 (핸들: 영문 소문자, 숫자, - 또는 _)
admin-topics-name-help = 예: sdg11-korea. 나중에 바꿀 수 없습니다.
admin-topics-title = 제목
admin-topics-query = 저장된 검색
admin-topics-query-help = 검색 주소에서처럼, 예: sdg=11&country=KR 또는 q=버스.
admin-topics-create = 주제 만들기
admin-topics-count = { $count ->
    [0] 아직 주제가 없습니다
   *[other] 주제 { $count }개
}
admin-topics-none = 주제를 만들면 사람들이 검색을 팔로우할 수 있습니다.
admin-topics-delete = 삭제
admin-topics-delete-named = 주제 { $name } 삭제
admin-topics-delete-title = 주제 { $name }을(를) 삭제할까요?
admin-topics-delete-explain = 팔로워는 더 이상 이 주제의 알림을 받지 않으며, 핸들은 다시 사용할 수 없습니다.
admin-topics-delete-confirm = 예, 이 주제를 삭제합니다
admin-flash-moderation-manual = 이제 수동 검토입니다. 회원 도시의 사례는 검토를 기다립니다.
admin-flash-moderation-auto = 이제 자동 전달입니다. 회원 도시의 사례가 바로 전달됩니다.
admin-flash-member-invited = 초대를 보냈습니다
admin-flash-member-removed = 회원을 제외했습니다
admin-flash-featured = 추천함: { $title }
admin-flash-unfeatured = 추천 해제함: { $title }
admin-flash-topic-created = 주제를 만들었습니다
admin-flash-topic-deleted = 주제를 삭제했습니다

# --- admin1: the editors' and the operator's admin ---
admin-datetime = { $date } { $time } UTC
admin-search-words = 검색어
admin-kind = 유형
admin-any = 전체
admin-language = 언어
admin-languages = 언어
admin-search = 검색
admin-clear-filters = 필터 지우기
admin-practice-count = 사례 { $count }건
admin-practice-title = 제목
admin-status = 상태
admin-actions = 작업
admin-published-on = { $date } 게시
admin-updated-on = { $date } 수정
admin-approved-by = { $name }에서 승인함
admin-rejected-by = { $name }에서 거절함
admin-pending-at = { $name }의 검토 대기 중
admin-preview = 미리 보기
admin-edit = 편집
admin-translations = 번역
admin-delete = 삭제
admin-remove = 제거
admin-cancel = 취소
admin-save = 저장
admin-nothing-matches = 이 필터에 맞는 사례가 없습니다.
admin-preview-of = 미리 보기: { $title }
admin-preview-note = 공개 페이지에 보이는 그대로, 모든 언어로 보여 줍니다. 주소:
admin-preview-unpublished = 미리 보기 — 아직 게시되지 않음
admin-preview-language = { $lang } 미리 보기
admin-original-language = 원문 언어: { $lang }
admin-translation-language = 번역: { $lang }
admin-moderation = 협회의 결정
admin-delete-title = “{ $title }”을(를) 삭제할까요?
admin-delete-what = 이 사례는 { $date }에 게시되었습니다. 삭제하면:
admin-delete-gone = 이 노드에서 사라지고, 주소는 더 이상 존재하지 않는다고 응답합니다:
admin-delete-federated = 모든 팔로워와 협회에 사본을 지우도록 알립니다(ActivityPub Delete);
admin-delete-translations = 번역 { $count }건도 함께 삭제됩니다;
admin-delete-relayed = 이를 전달한 협회 { $count }곳에서도 철회됩니다;
admin-delete-final = 되돌릴 수 없습니다.
admin-delete-confirm = 사례 삭제
admin-translations-of = 번역: { $title }
admin-no-translations = 아직 번역이 없습니다.
admin-attachments = 이미지와 문서
admin-attachment-file = 파일
admin-attachment-alt = 대체 텍스트
admin-attachment-alt-hint = 이미지에는 필수입니다: 볼 수 없는 사람을 위해 무엇을 보여 주는지 적으세요. 문서에는 제목을 적으세요.
admin-attachment-caption = 설명
admin-attachment-size = 크기(바이트)
admin-attachment-add = 파일 첨부
admin-no-attachments = 아직 이미지나 문서가 없습니다.
admin-translation-add = 번역 추가
admin-translation-edit = 번역 편집 ({ $lang })
admin-not-saved = 저장되지 않음:
admin-practice-not-saved = 사례가 저장되지 않았습니다:
admin-language-tag = 언어 (en, ko 같은 코드)
admin-summary = 요약
admin-text-markdown = 본문 (Markdown)
admin-edit-practice = 사례 편집
admin-write-practice = 사례 작성
admin-sdgs-field = 지속가능발전목표 (번호, 쉼표로 구분)
admin-country-code = 국가 (두 글자)
admin-sections-optional = 구조화된 항목 (선택)
admin-themes-field = 주제 (쉼표로 구분)
admin-links-field = 링크 (한 줄에 하나)
admin-period-from = 기간 시작
admin-period-to = 종료
admin-portal-page = 우리 포털의 페이지
admin-translation-optional = 번역 (선택)
admin-save-changes = 변경 사항 저장
admin-publish = 게시
admin-flash-deleted = 삭제됨: { $title }
admin-flash-translation-saved = 번역 저장됨: { $title }
admin-flash-translation-removed = 번역 제거됨: { $title }
admin-flash-mapping-saved = 피드 매핑이 저장되었습니다
admin-flash-source-removed = 피드가 제거되었습니다
admin-flash-token-revoked = 토큰이 폐기되어 더 이상 작동하지 않습니다
admin-flash-user-created = 사용자가 생성되었습니다
admin-flash-user-removed = 사용자가 제거되었습니다
admin-feed-state-ok = 오류 없이 읽음
admin-feed-state-error = 마지막 읽기 실패
admin-feed-state-new = 아직 읽지 않음
admin-feed-imported = 항목 { $count }건 가져옴
admin-feed-last-poll = 마지막 읽기 { $date }
admin-feed-last-error = { $date } 실패:
admin-feed-last-success = 마지막 성공 { $date }
admin-feed-poll = 지금 읽기
admin-feed-edit-mapping = 매핑 편집
admin-feed-mapping = 분류의 의미
admin-feed-defaults = 기본값
admin-feed-sdgs = SDG
admin-feed-themes = 주제
admin-feed-category = 분류
admin-feed-no-rules = 분류 규칙이 없습니다. SDG는 “SDG 11” 같은 분류에서 읽습니다.
admin-feed-add = 피드 추가
admin-feed-url = 피드 주소 (RSS, Atom, JSON Feed)
admin-feed-add-button = 추가
admin-feed-mapping-of = { $url } 매핑
admin-feed-mapping-help = 기본값은 모든 항목에 적용됩니다. 항목의 분류는 해당 규칙의 SDG와 주제를 더하고 유형을 정할 수 있습니다. 항목은 피드에서 다음에 갱신될 때 바뀝니다.
admin-feed-rules = 분류 규칙
admin-feed-rules-help = 분류를 비우면 그 규칙이 삭제됩니다. SDG와 주제는 쉼표로 구분합니다.
admin-feed-remove-title = 피드 { $url }을(를) 제거할까요?
admin-feed-remove-what = 노드가 더 이상 이 피드를 읽지 않습니다. 가져온 사례 { $count }건은 게시된 채로 남으니, 필요하면 사례 목록에서 삭제하세요.
admin-feed-remove-confirm = 피드 제거
admin-deliveries-help = 이 행위자가 보낸 것과 받는 곳, 최신순입니다. 시각은 UTC입니다.
admin-deliveries-failed = { $count ->
    [0] 실패한 전송이 없습니다.
   *[other] 전송 { $count }건이 실패했습니다.
}
admin-deliveries-retry = 실패한 전송 다시 시도
admin-deliveries-summary = 받는 곳 { $count }곳: 전달 { $delivered }건, 실패 { $failed }건
admin-deliveries-none = 아직 보낸 것이 없습니다.
admin-delivery-recipient = 받는 곳 수신함
admin-delivery-attempts = 시도 횟수
admin-delivery-next = 다음 시도
admin-delivery-last-error = 마지막 오류
admin-delivery-delivered = 전달됨
admin-delivery-failed = 실패
admin-delivery-retrying = 재시도 예정
admin-delivery-queued = 대기 중
admin-tokens-help = 토큰으로 프로그램(포털, 스크립트)이 특정 역할로 REST API를 사용할 수 있습니다. 토큰은 만들 때 한 번만 보입니다. 쓰지 않는 토큰은 폐기하세요.
admin-tokens-none = 아직 토큰이 없습니다.
admin-token-label = 이름표
admin-token-scope = 권한 범위
admin-token-created = 생성
admin-token-used = 마지막 사용
admin-token-never-used = 사용 안 함
admin-token-no-label = (이름표 없음)
admin-token-revoke = 폐기
admin-token-create = 토큰 만들기
admin-token-create-button = 토큰 만들기
admin-scope-read = 읽기 전용
admin-scope-write = 읽기와 쓰기
admin-role = 역할
admin-role-operator = 노드 운영자
admin-role-editor-of = @{ $handle }의 편집자
admin-role-moderator-of = @{ $handle }의 검토자
admin-login = 로그인 이름
admin-password = 비밀번호 (10자 이상)
admin-user-you = 나
admin-user-create = 사용자 추가
admin-user-create-button = 사용자 추가
admin-users-cli = 서버 명령줄에서도 사용자를 추가할 수 있습니다:
admin-node-profile = 노드 이름과 소개
admin-node-name = 이름 (모든 페이지의 머리글과 제목에 표시; 비어 있으면 호스트 이름)
admin-node-description = 소개 (소개 페이지; 빈 줄로 문단을 나눔)
admin-node-logo = 로고 (https:// 주소 또는 이 노드의 경로)
admin-domains = 차단 및 허용 도메인 (노드 전체)
admin-allowlist-on = 허용 목록 모드가 켜져 있습니다: 이 노드는 허용된 도메인하고만 통신합니다.
admin-allowlist-off = 허용 목록 모드가 꺼져 있습니다: 이 노드는 차단되지 않은 모든 도메인과 통신합니다.
admin-allowlist-where = 설정 파일에서 정합니다:
admin-domain = 도메인
admin-domain-rule = 규칙
admin-domain-note = 메모
admin-domain-block = 차단
admin-domain-allow = 허용
admin-domains-none = 아직 도메인 규칙이 없습니다.
admin-domains-configured = 설정 파일에도 지정됨:
admin-followers = 팔로워
admin-following = 팔로잉
admin-followers-none = 아직 팔로워가 없습니다.
admin-following-none = 아직 아무도 팔로우하지 않습니다. API로 팔로우하세요:
admin-follow-accepted = 수락됨
admin-follow-pending = 수락 대기 중
admin-follow-rejected = 거절됨
admin-signin = 로그인
admin-signin-password = 비밀번호
admin-signin-accounts = 계정은 노드 운영자가 관리 화면이나 명령줄에서 만듭니다:
admin-signin-expired = 양식이 만료되었습니다. 다시 로그인하세요.
admin-signin-wrong = 로그인 이름 또는 비밀번호가 틀렸습니다.
admin-signin-throttled-seconds = 로그인 시도가 너무 많습니다. { $count }초 후에 다시 시도하세요.
admin-signin-throttled-minutes = 로그인 시도가 너무 많습니다. { $count }분 후에 다시 시도하세요.
admin-signin-busy-seconds = 서버가 바쁩니다. { $count }초 후에 다시 시도하세요.
admin-signin-busy-minutes = 서버가 바쁩니다. { $count }분 후에 다시 시도하세요.
admin-role-editor = 편집자
admin-role-moderator = 검토자
admin-kind-city = 도시
admin-kind-association = 협회
admin-kind-knowledge-space = 지식 공간
theme-institutional-development = 공공부문 제도 및 인적자원 개발
theme-e-government = 전자·모바일 정부
theme-citizen-engagement = 개발 관리에 대한 시민 참여
theme-open-government-data = 열린 정부 데이터와 서비스

# --- follow requests in the admin ---
admin-follow-requests = 팔로우 요청
admin-follow-requests-none = 대기 중인 팔로우 요청이 없습니다.
admin-follow-approval = 새 팔로워
admin-follow-approval-auto = 모든 팔로워를 즉시 수락
admin-follow-approval-manual = 편집자가 팔로워를 하나씩 승인
admin-follow-approval-save = 저장
admin-follow-request-who = 요청한 계정
admin-follow-request-since = 요청 일시
admin-follow-request-decide = 결정
admin-follow-accept = 수락
admin-follow-reject = 거절
admin-flash-follow-approval-manual = 이제 새 팔로워는 편집자의 승인을 기다립니다
admin-flash-follow-approval-auto = 이제 모든 새 팔로워를 즉시 수락합니다 (대기 중이던 요청은 수락되었습니다)
admin-flash-follow-accepted = 팔로우 요청을 수락했습니다
admin-flash-follow-rejected = 팔로우 요청을 거절했습니다

# 도입과 반응 (issue 22)
adapted-from = 다음 사례를 도입함
adopted-by = 이 사례를 도입한 곳
admin-engagement = 좋아요와 부스트
admin-likes = 좋아요: { $count }
admin-boosts = 부스트: { $count }
analytics-adoptions = 도입: 누가 누구에게서 배웠는가
analytics-adoptions-total = 도입: { $count }
analytics-adoption-map-title = 국가 간 도입 지도
analytics-adoption-map-note = 각 화살표는 사례가 도입된 국가에서 그 사례를 도입한 국가로 향합니다. 아래 표도 같은 내용입니다.
analytics-adoption-map-country = { $country }: 다른 곳에서 도입된 사례 { $outward }, 다른 곳에서 도입한 사례 { $inward }
analytics-adoption-flows = 국가 간 도입 (도입한 국가 ← 원래 국가)
analytics-flow = 흐름
analytics-flow-to = 도입한 국가
analytics-flow-from = 배운 곳
analytics-count = 도입
analytics-most-adopted = 가장 많이 도입된 사례
analytics-engagement = 연합우주의 좋아요와 부스트
analytics-engagement-top = 이 노드에서 좋아요와 부스트가 가장 많은 사례
analytics-likes = 좋아요
analytics-boosts = 부스트
analytics-practice = 사례
admin-adopted-from-field = 도입한 사례 (사례 주소, 한 줄에 하나)
admin-adopted-from-hint = 이 사례가 도입한 다른 도시의 사례입니다. 원래 작성자에게 알림이 가고, 해당 사례 페이지에 도입 사실이 표시됩니다.
# Conversation under a practice (issue 22)
conversation = 대화
conversation-author = 게시자
conversation-empty = 아직 답글이 없습니다.
conversation-how = 연합우주(Mastodon, GoToSocial 등)의 어떤 계정으로도 이 사례에 답글을 달 수 있으며, 답글은 게시자가 읽은 후 여기에 표시됩니다.

# Association attestation: memberships the association confirms (issue 18)
membership-of = 회원 단체:
membership-since = { $date }부터, 협회 회원 명단에 따름
# Places and goals beyond a country and the SDGs: the world, MDGs, period years, related practices (issue 17)
mdgs = 새천년개발목표
mdg-number = MDG { $number }
mdg-name-1 = 극심한 빈곤과 기아 퇴치
mdg-name-2 = 보편적 초등교육 달성
mdg-name-3 = 양성평등 촉진과 여성 능력 고양
mdg-name-4 = 아동 사망률 감소
mdg-name-5 = 모성 보건 증진
mdg-name-6 = 에이즈, 말라리아 등 질병 퇴치
mdg-name-7 = 지속가능한 환경 보장
mdg-name-8 = 개발을 위한 글로벌 파트너십 구축
facet-mdg = 새천년개발목표
facet-period = 시행 연도
place-world = 세계
related = 관련 사례
# Audiences and embargo (issue 19)
admin-audience-legend = 공개 범위와 게시 시각
admin-audience-field = 공개 대상
admin-audience-public = 모두 (공개)
admin-audience-followers = 팔로워만
admin-audience-named = 아래에 적은 행위자만
admin-audience-actors = 행위자 (한 줄에 URL 하나)
admin-publish-at = 게시 시각 (UTC)
admin-publish-at-hint = 비워 두면 지금 게시합니다. 그 시각 전에는 아무에게도 보내지 않고 어디에도 나오지 않으며, 수정하거나 삭제할 수 있습니다.
# Translation workflow: how each language was made (issue 19)
translation-original = 원문
translation-human = 사람 번역
translation-machine = 기계 번역 ({ $engine })
translation-by = 번역: { $who }
admin-translation-made = 작성 방식
admin-translation-requests = 협회와 지식 공간이 요청한 번역
admin-translation-request-done = 완료
# Admin reply queue, edits and deletions of replies (issue 22)
admin-nav-replies = 답글
admin-replies-policy-heading = 답글 받는 방식
admin-replies-now-open = 사례에 달린 답글이 바로 표시됩니다.
admin-replies-now-moderated = 사례에 달린 답글은 편집자나 관리자가 승인할 때까지 여기서 기다립니다.
admin-replies-now-closed = 사례에 달린 답글을 보관하지 않습니다.
admin-replies-policy-legend = 연합우주에서 온 답글
admin-replies-open = 공개: 모든 답글을 바로 표시
admin-replies-moderated = 검토: 답글마다 승인을 기다림
admin-replies-closed = 닫힘: 답글을 보관하지 않음
admin-replies-policy-save = 답글 받는 방식 저장
admin-replies-pending = { $count ->
    [0] 결정을 기다리는 답글이 없습니다
    [one] 답글 하나가 결정을 기다립니다
   *[other] 답글 { $count }개가 결정을 기다립니다
}
admin-replies-about = 대상
admin-replies-approve = 승인
admin-replies-approve-named = { $name }의 답글 승인
admin-replies-reject = 거부
admin-replies-reject-named = { $name }의 답글 거부
admin-replies-block = 거부하고 작성자 차단
admin-replies-block-named = { $name }의 답글을 거부하고 차단
admin-replies-empty = 결정할 것이 없습니다.
admin-replies-approved = 승인된 답글
admin-replies-answer-label = { $name }에게 보내는 답변
admin-replies-answer = 답변 게시
admin-replies-answer-named = { $name }에게 답변 게시
admin-replies-none-approved = 아직 승인된 답글이 없습니다.
admin-replies-answers = 내 답변
admin-replies-delete = 답변 삭제
admin-replies-delete-named = { $date }의 답변 삭제
admin-replies-no-answers = 아직 답변이 없습니다.
admin-flash-replies-policy = 답글 받는 방식을 저장했습니다.
admin-flash-reply-approved = 답글을 승인했습니다: 표시되고 전달됩니다.
admin-flash-reply-rejected = 답글을 거부했습니다.
admin-flash-reply-blocked = 답글을 거부하고 작성자를 차단했습니다.
admin-flash-answer-published = 답변을 게시했습니다.
admin-flash-answer-deleted = 답변을 삭제했습니다.

# Practice form: place and MDGs; the associations the actor belongs to
admin-mdgs-field = 새천년개발목표 (1–8 숫자, 쉼표로 구분; 2000–2015년 자료용)
admin-mdgs-hint = 목표:
admin-place-legend = 장소
admin-place-hint = 국가, 또는 그 대신 유엔 지역이나 전 세계 (이 경우 국가는 비워 두세요).
admin-region-field = 국가 대신 유엔 지역
admin-region-none = 없음: 위의 국가
admin-memberships = 우리가 속한 협회
admin-memberships-intro = 이 액터가 회원인 도시 협회를 적어 주세요. 각 회원 자격은 협회의 회원 컬렉션이 확인하면 공개 프로필에 표시됩니다. 노드가 정기적으로 확인합니다.
admin-membership-association = 협회
admin-membership-result = 마지막 확인 결과
admin-membership-checked = 확인 시각
admin-membership-confirmed = 확인됨: 회원 가입일
admin-membership-not-listed = 확인되지 않음: 협회 명단에 없음
admin-membership-unchecked = 아직 확인되지 않음
admin-memberships-none = 아직 적은 협회가 없습니다.
admin-member-of-field = 협회 액터 URL
admin-member-of-hint = 한 줄에 하나씩, 예: https://cities.example.org/actors/association (최대 20개). 비워 두면 아무 협회도 적지 않습니다.
admin-memberships-save = 협회 저장
admin-flash-memberships-saved = 협회를 저장했습니다. 각 협회는 회원 자격을 확인하면 표시됩니다.
# 시민 질문 양식 (issue 22)
conversation-citizen = { $name } 님이 이 페이지에서 한 질문
conversation-citizen-anonymous = 한 시민이 이 페이지에서 한 질문
ask-heading = 질문하기
ask-pending = 감사합니다. 질문이 검토를 기다리고 있습니다. 편집자가 읽은 뒤 이 페이지에 표시됩니다.
ask-privacy = 계정이 필요 없습니다. 편집자가 승인하면 질문과 입력한 이름(선택)이 여기에 게시되고 이 게시자를 팔로우하는 서버와 공유됩니다. 그 밖의 정보는 보관하지 않습니다. 이메일도 계정도 없으며, 네트워크 주소는 남용을 막기 위해 한 시간 동안 메모리에서만 집계됩니다.
ask-question-label = 질문
ask-question-help = 일반 텍스트, 최대 { $max }자.
ask-name-label = 이름 (선택)
ask-honeypot-label = 이 칸은 비워 두세요
ask-send = 질문 보내기
ask-refused-title = 질문이 전송되지 않았습니다
ask-refused-rate = 이 주소에서 너무 많은 질문이 전송되었습니다. 나중에 다시 시도하세요.
ask-refused-off = 이 사례는 페이지를 통해 질문을 받지 않습니다.
ask-refused-input = 질문을 받을 수 없었습니다. 문제:
ask-refused-back = 사례로 돌아가기
admin-question-form-heading = 연합우주 계정이 없는 시민의 질문
admin-question-form-now-on = 사례 페이지에 짧은 질문 양식이 표시됩니다. 위 설정과 관계없이 그 질문은 항상 여기서 검토를 기다립니다.
admin-question-form-now-off = 사례 페이지에 질문 양식이 표시되지 않습니다.
admin-question-form-on = 질문 양식 표시
admin-question-form-off = 질문 양식 숨기기
admin-replies-via-form = 사례 페이지 양식에서 온 질문
admin-replies-a-citizen = 한 시민
admin-replies-no-block = (양식에서 온 질문에는 차단할 연합우주 작성자가 없습니다)
admin-flash-question-form = 질문 양식 표시 여부를 저장했습니다.
admin-marker-scheduled = 예약됨: { $date }에 게시
