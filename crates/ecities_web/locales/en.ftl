# Interface text of the public pages, English (the reference: every other
# language has exactly these messages; see i18n.rs).

## Page frame
language-name = English
skip-to-content = Skip to content
nav-label = Site
nav-home = Home
nav-search = Search
nav-analytics = Analytics
nav-members = Members
nav-topics = Topics
nav-curated = Curated
nav-about = About
language-switcher = Language
footer = Part of the e-Cities Network · ActivityPub

## Home
intro = A node of the e-Cities Network: cities share best practices and lessons learned, associations of cities relay them, and the UN Public Administration Knowledge Space gathers them for the world.
search-all = Search all practices
hosted-here = Hosted here
published-here = Published here
from-network = From the network
from-unpaks = From UN-PAKS
nothing-yet = Nothing yet.
more = More
widget = Widget

## Search
search-title = Search practices
words = Words
goal = Sustainable Development Goal
any = Any
country = Country (ISO code)
region = UN region (code or name)
kind = Kind
language = Language
search = Search
result-count = { $count ->
    [one] { $count } result
   *[other] { $count } results
}
result-count-approx = { $count }+ results (words this common are counted over the newest matches only)
subscribe = Subscribe
older = Older results
refine = Refine
via = via { $name }
facet-sdg = Goals
facet-region = Regions
facet-country = Countries
facet-kind = Kinds
facet-theme = Themes
facet-language = Languages
facet-association = Associations
facet-actor = Authors
facet-year = Years

## Actor pages
members = Members
no-members = No members yet.
member-city = City
member-country = Country
member-since = Member since
practices = Practices
no-practices = No practices published yet.
portal = Official portal
featured = Featured
topic-intro = Follow this topic to hear of each new practice matching the search

## Practice pages
read-in = Read in
relayed-by = Relayed by
approved = approved by its moderators
then = then
updated = updated
sdgs = Sustainable Development Goals
sdg-number = SDG { $number }
themes = Themes
other-languages = Other languages
problem = Problem
solution = Solution
results-section = Results
lessons = Lessons learned
license = License
source = Source
period = Period
kind-best_practice = Best practice
kind-lesson_learned = Lesson learned
kind-case_study = Case study
kind-policy = Policy
kind-event = Event
kind-publication = Publication
kind-post = Post
gone-title = This practice was deleted
gone-text = Its author removed it.
gone-on = Deleted on

## Widget
widget-empty = Nothing published yet.
widget-more = More from the e-Cities Network

## Analytics
analytics-title = Analytics
practice-count = { $count ->
    [one] { $count } practice
   *[other] { $count } practices
}
download = Download
same-filters = The same filters as the search
nothing-to-count = Nothing to count yet.
chart-sdg = Practices by SDG
chart-region = Practices by UN region
chart-country = Practices by country
chart-language = Practices by language
chart-month = Practices by month

## About
about-title = About this node
about-empty = The operator has not described this node yet.
about-network = This node is part of the e-Cities Network.

## Dates: "1 December 2026"
date-long = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Admin: one-time messages after a form
flash-published = Published: { $title }
flash-saved = Saved: { $title }
flash-approved = Practice approved
flash-rejected = Practice rejected
flash-replayed = { $count ->
    [0] No failed deliveries to retry
    [one] One failed delivery will be retried
   *[other] { $count } failed deliveries will be retried
}
flash-source-added = Feed added
flash-polled = Feed polled: { $created } new, { $updated } updated, { $deleted } deleted
flash-poll-failed = The feed could not be read; the reason is shown next to it.
flash-domain-saved = Domain rule saved
flash-domain-removed = Domain rule removed
flash-node-saved = Node profile saved
flash-token-created = New API token (shown once, copy it now): { $token }
flash-error = Not done: { $reason }

topics-title = Topics
topics-intro = Each topic is a saved search with its own fediverse account: follow it to receive every new practice it finds.
topics-empty = This node has no topics yet.
topics-search = its search

# --- searchui ---
sort-label = Order
sort-relevance = Best match first
sort-newest = Newest first
apply-filters = Apply filters
filters-applied = Applied filters
remove-filter = Remove filter { $name }
clear-filters = Clear all filters
no-results = No practice matches this search.
more-results = More results
sdg-name-1 = No Poverty
sdg-name-2 = Zero Hunger
sdg-name-3 = Good Health and Well-being
sdg-name-4 = Quality Education
sdg-name-5 = Gender Equality
sdg-name-6 = Clean Water and Sanitation
sdg-name-7 = Affordable and Clean Energy
sdg-name-8 = Decent Work and Economic Growth
sdg-name-9 = Industry, Innovation and Infrastructure
sdg-name-10 = Reduced Inequalities
sdg-name-11 = Sustainable Cities and Communities
sdg-name-12 = Responsible Consumption and Production
sdg-name-13 = Climate Action
sdg-name-14 = Life Below Water
sdg-name-15 = Life on Land
sdg-name-16 = Peace, Justice and Strong Institutions
sdg-name-17 = Partnerships for the Goals
theme-institutional-development = Public Sector Institutional and Human Resource Development
theme-e-government = Electronic and Mobile Government
theme-citizen-engagement = Citizen Engagement in Managing Development
theme-open-government-data = Open Government Data and Services
