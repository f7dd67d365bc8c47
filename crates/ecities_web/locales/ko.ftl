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
featured = 추천 사례
topic-intro = 이 주제는 다음 검색에 새로 맞는 사례를 알립니다

## Practice pages
read-in = 읽기
relayed-by = 전달
approved = 운영진 승인
then = 이어서
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
theme-institutional-development = 공공부문 제도 및 인적자원 개발
theme-e-government = 전자·모바일 정부
theme-citizen-engagement = 개발 관리에 대한 시민 참여
theme-open-government-data = 열린 정부 데이터와 서비스
