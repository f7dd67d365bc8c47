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
portal-verified-since = verified since { $date }: the portal links back to this profile
verified = verified
featured = Featured
topic-intro = Follow this topic to hear of each new practice matching the search

## Practice pages
read-in = Read in
relayed-by = Relayed by
approved = approved by its moderators
then = then
chain-written = Written by
chain-approved = Approved by
chain-featured = Featured by
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
documents = Documents
document-untitled = { $format } document
size-bytes = { $n } bytes
size-kb = { $n } kB
size-mb = { $n } MB
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

## Admin: the workspace's frame and dashboard
admin-title = ecities admin
admin-signed-in = Signed in as { $login } ({ $role })
admin-public-page = public page
admin-sign-out = Sign out
admin-nav-label = Admin
admin-nav-dashboard = Dashboard
admin-nav-practices = Practices
admin-nav-write = Write a practice
admin-nav-review = Review queue
admin-nav-feeds = Portal feeds
admin-nav-deliveries = Deliveries
admin-nav-follows = Followers and follows
admin-nav-tokens = API tokens
admin-nav-users = Users
admin-nav-settings = Node settings
admin-node-dashboard = This node
admin-needs-you = What needs you
admin-pending-reviews = { $count ->
    [0] No practice waits for review
    [one] One practice waits for review
   *[other] { $count } practices wait for review
}
admin-failed-deliveries = { $count ->
    [0] No failed deliveries
    [one] One delivery failed
   *[other] { $count } deliveries failed
}
admin-feed-errors = { $count ->
    [0] Every portal feed was read
    [one] One portal feed could not be read
   *[other] { $count } portal feeds could not be read
}
admin-recent-practices = Latest practices
admin-none-yet = None yet.
admin-user-count = { $count ->
    [one] One user
   *[other] { $count } users
}
admin-domain-rule-count = { $count ->
    [0] No domain rules
    [one] One domain rule
   *[other] { $count } domain rules
}
# --- records ---
history-link = Version history
history-title = Version history
history-intro = Every version of this practice is kept unchanged, each at its own permanent address that can be cited.
version-number = Version { $number }
version-current = current
version-of = Version { $number } of { $date }
version-notice = You are reading version { $number } of { $latest }, kept exactly as it was published.
version-read-current = Read the current version
version-previous = Previous version
version-next = Next version
permalink = Permanent link to this version
cite-as = Cite as
about-harvest = Collect these practices
about-harvest-text = Libraries, repositories and search engines can collect the practices published on this node, with their changes and deletions, through these standard addresses:
# --- network ---
nav-network = Network
network-title = The network
network-intro = The associations this node knows, their member cities by region and country, when each joined and how much each shared.
network-follow-hint = To follow a city or an association from your fediverse account, open “Follow” beside it and type your address (for example alice@mastodon.example); you confirm on your own server.
network-summary = { $associations ->
     [one] 1 association
    *[other] { $associations } associations
}, { $cities ->
     [one] 1 member city
    *[other] { $cities } member cities
} in { $countries ->
     [one] 1 country
    *[other] { $countries } countries
}.
network-map-title = Member cities by country
network-map-note = Countries with member cities are highlighted (darker: more cities); the table below lists them.
network-map-country = { $country }: { $count ->
     [one] 1 member city
    *[other] { $count } member cities
}
network-by-country = Member cities by country
network-region = Region
network-cities = Member cities
network-associations = Associations
network-local = on this node
network-association-shared = { $members ->
     [one] 1 member city
    *[other] { $members } member cities
} · { $relayed ->
     [one] 1 practice relayed
    *[other] { $relayed } practices relayed
}
network-region-unknown = Country not given
network-joined = Member since
network-shared = Shared
network-practices = { $count ->
     [one] 1 practice
    *[other] { $count } practices
}
network-follow = Follow
network-follow-button = Follow
network-follow-label = Your fediverse address
network-no-members = No member city is known on this node.
network-empty = This node knows no association yet.
network-json = The same data as JSON:
network-follow-search = Search for this address in your app and follow from there:
network-back = Back to the network
network-follow-no-template = { $host } does not say how to follow from it.
network-follow-unknown = This node does not know that city or association.
network-follow-failed = The follow could not be started: { $reason }
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

# --- admin2: review, members, curation, topics ---
admin-nav-members = Members
admin-nav-curation = Curation
admin-nav-topics = Topics
admin-th-practice = Practice
admin-th-city = City
admin-th-author = Author
admin-th-country = Country
admin-th-date = Published
admin-th-decision = Decision
admin-th-reason = Reason
admin-th-decided = Decided
admin-th-state = State
admin-th-joined = Member since
admin-th-shared = Practices shared
admin-th-actions = Actions
admin-th-topic = Topic
admin-th-handle = Handle to follow
admin-th-search = Search
admin-th-created = Created
admin-moderation-heading = Moderation
admin-moderation-now-auto = Members' practices are relayed as soon as they are published.
admin-moderation-now-manual = Members' practices wait here until a moderator approves them.
admin-moderation-legend = How members' practices are relayed
admin-moderation-auto = Automatically: relay every member's practice at once
admin-moderation-manual = Manually: hold each practice for review
admin-moderation-save = Save the moderation mode
admin-review-pending = { $count ->
    [0] Nothing waits for review
    [one] One practice waits for review
   *[other] { $count } practices wait for review
}
admin-review-pending-caption = Approve to relay a practice to the association's followers; reject with a reason, which the city sees.
admin-review-approve = Approve
admin-review-approve-named = Approve “{ $title }”
admin-review-reason = Reason (the city sees it)
admin-review-reject = Reject
admin-review-reject-named = Reject “{ $title }”
admin-review-empty = Nothing waits for review.
admin-review-decided = Recent decisions
admin-review-no-decisions = No decisions yet.
admin-review-decision-approved = Approved
admin-review-decision-rejected = Rejected
admin-members-intro = Member cities are the cities this association follows: their practices are relayed to its followers.
admin-members-invite = Invite a city
admin-members-handle = The city's handle
admin-members-handle-help = For example @seoul@cities.example; a city on another server accepts the invitation there.
admin-members-invite-button = Invite
admin-members-count = { $count ->
    [0] No members yet
    [one] One member city
   *[other] { $count } member cities
}
admin-members-none = Invite a city by its handle to relay its practices.
admin-members-state-accepted = Member
admin-members-state-pending = Invited, waiting for an answer
admin-members-state-rejected = Declined
admin-members-remove = Remove
admin-members-remove-named = Remove { $name } from the members
admin-members-remove-title = Remove { $name } from the members?
admin-members-remove-explain = The association stops following this city: its new practices are no longer relayed. Practices already relayed stay where they are.
admin-members-remove-confirm = Yes, remove this member
admin-members-keep = Cancel
admin-curation-intro = Search the practices this node holds and feature the best: featured practices are announced to this knowledge space's followers.
admin-curation-search = Find practices
admin-curation-search-label = Words in the title, summary or text
admin-curation-search-button = Search
admin-curation-no-results = No practice matches.
admin-curation-featured = { $count ->
    [0] Nothing featured yet
    [one] One featured practice
   *[other] { $count } featured practices
}
admin-curation-none = Feature practices from the search above.
admin-curation-feature = Feature
admin-curation-feature-named = Feature “{ $title }”
admin-curation-unfeature = Unfeature
admin-curation-unfeature-named = Unfeature “{ $title }”
admin-topics-intro = A topic is a saved search that people follow from any fediverse account: it announces each new practice that matches.
admin-topics-new = Create a topic
admin-topics-name = Name (its handle: lower-case letters, digits, - or _)
admin-topics-name-help = For example sdg11-korea; it cannot be changed later.
admin-topics-title = Title
admin-topics-query = Saved search
admin-topics-query-help = As in the address of a search, for example sdg=11&country=KR or q=buses.
admin-topics-create = Create the topic
admin-topics-count = { $count ->
    [0] No topics yet
    [one] One topic
   *[other] { $count } topics
}
admin-topics-none = Create a topic to let people follow a search.
admin-topics-delete = Delete
admin-topics-delete-named = Delete the topic { $name }
admin-topics-delete-title = Delete the topic { $name }?
admin-topics-delete-explain = Its followers stop receiving its announcements, and its handle is never used again.
admin-topics-delete-confirm = Yes, delete this topic
admin-flash-moderation-manual = Moderation is now manual: members' practices wait for review.
admin-flash-moderation-auto = Moderation is now automatic: members' practices are relayed at once.
admin-flash-member-invited = Invitation sent
admin-flash-member-removed = Member removed
admin-flash-featured = Featured: { $title }
admin-flash-unfeatured = No longer featured: { $title }
admin-flash-topic-created = Topic created
admin-flash-topic-deleted = Topic deleted

# --- admin1: the editors' and the operator's admin ---
admin-datetime = { $date }, { $time } UTC
admin-search-words = Words
admin-kind = Kind
admin-any = any
admin-language = Language
admin-languages = Languages
admin-search = Search
admin-clear-filters = Clear the filters
admin-practice-count = { $count ->
    [one] One practice
   *[other] { $count } practices
}
admin-practice-title = Title
admin-status = Status
admin-actions = Actions
admin-published-on = Published { $date }
admin-updated-on = updated { $date }
admin-approved-by = Approved by { $name }
admin-rejected-by = Rejected by { $name }
admin-pending-at = Waiting for review by { $name }
admin-preview = Preview
admin-edit = Edit
admin-translations = Translations
admin-delete = Delete
admin-remove = Remove
admin-cancel = Cancel
admin-save = Save
admin-nothing-matches = No practice matches these filters.
admin-preview-of = Preview: { $title }
admin-preview-note = As its public page shows it, in every language. Its address:
admin-preview-unpublished = Preview — not published yet
admin-preview-language = Preview in { $lang }
admin-original-language = Original language: { $lang }
admin-translation-language = Translation: { $lang }
admin-moderation = What associations decided
admin-delete-title = Delete “{ $title }”?
admin-delete-what = This practice was published { $date }. Deleting it:
admin-delete-gone = removes it from this node; its address then answers that it is gone:
admin-delete-federated = tells every follower and association (an ActivityPub Delete) to remove their copies;
admin-delete-translations = { $count ->
    [one] removes its translation too;
   *[other] removes its { $count } translations too;
}
admin-delete-relayed = { $count ->
    [one] withdraws it from the association that relayed it;
   *[other] withdraws it from the { $count } associations that relayed it;
}
admin-delete-final = cannot be undone.
admin-delete-confirm = Delete the practice
admin-translations-of = Translations: { $title }
admin-no-translations = No translation yet.
admin-attachments = Images and documents
admin-attachment-file = File
admin-attachment-alt = Alt text
admin-attachment-alt-hint = Required for an image: say what it shows, for people who cannot see it. For a document, its title.
admin-attachment-caption = Caption
admin-attachment-size = Size (bytes)
admin-attachment-add = Attach the file
admin-no-attachments = No image or document yet.
admin-translation-add = Add a translation
admin-translation-edit = Edit the translation ({ $lang })
admin-not-saved = Not saved:
admin-practice-not-saved = The practice was not saved:
admin-language-tag = Language (a tag such as en, fr, ko)
admin-summary = Summary
admin-text-markdown = Text (Markdown)
admin-edit-practice = Edit the practice
admin-write-practice = Write a practice
admin-sdgs-field = Sustainable Development Goals (numbers, comma separated)
admin-country-code = Country (two letters)
admin-sections-optional = Structured sections (optional)
admin-themes-field = Themes (comma separated)
admin-links-field = Links (one per line)
admin-period-from = Period from
admin-period-to = to
admin-portal-page = Page on our portal
admin-translation-optional = Translation (optional)
admin-save-changes = Save changes
admin-publish = Publish
admin-flash-deleted = Deleted: { $title }
admin-flash-translation-saved = Translation saved: { $title }
admin-flash-translation-removed = Translation removed: { $title }
admin-flash-mapping-saved = Feed mapping saved
admin-flash-source-removed = Feed removed
admin-flash-token-revoked = Token revoked: it no longer works
admin-flash-user-created = User created
admin-flash-user-removed = User removed
admin-feed-state-ok = Read without error
admin-feed-state-error = The last poll failed
admin-feed-state-new = Not polled yet
admin-feed-imported = { $count ->
    [one] one item imported
   *[other] { $count } items imported
}
admin-feed-last-poll = last polled { $date }
admin-feed-last-error = Failed { $date }:
admin-feed-last-success = Last read without error { $date }
admin-feed-poll = Poll now
admin-feed-edit-mapping = Edit the mapping
admin-feed-mapping = What its categories mean
admin-feed-defaults = Defaults
admin-feed-sdgs = SDGs
admin-feed-themes = Themes
admin-feed-category = Category
admin-feed-no-rules = No category rules: SDGs are read from categories such as “SDG 11”.
admin-feed-add = Add a feed
admin-feed-url = Feed URL (RSS, Atom or JSON Feed)
admin-feed-add-button = Add
admin-feed-mapping-of = Mapping of { $url }
admin-feed-mapping-help = The defaults apply to every item; a category of an item adds its rule's SDGs and themes and may set its kind. Items change as they are next updated in the feed.
admin-feed-rules = Category rules
admin-feed-rules-help = Leave a category empty to remove its rule; SDGs and themes are comma separated.
admin-feed-remove-title = Remove the feed { $url }?
admin-feed-remove-what = { $count ->
    [one] The node stops reading it. The practice it imported stays published; delete it from the list of practices if needed.
   *[other] The node stops reading it. The { $count } practices it imported stay published; delete them from the list of practices if needed.
}
admin-feed-remove-confirm = Remove the feed
admin-deliveries-help = What this actor sent, newest first, and to whom. Times are in UTC.
admin-deliveries-failed = { $count ->
    [0] No delivery has failed.
    [one] One delivery has failed.
   *[other] { $count } deliveries have failed.
}
admin-deliveries-retry = Retry failed deliveries
admin-deliveries-summary = { $count ->
    [one] one recipient
   *[other] { $count } recipients
}: { $delivered } delivered, { $failed } failed
admin-deliveries-none = Nothing sent yet.
admin-delivery-recipient = Recipient inbox
admin-delivery-attempts = Attempts
admin-delivery-next = Next attempt
admin-delivery-last-error = Last error
admin-delivery-delivered = delivered
admin-delivery-failed = failed
admin-delivery-retrying = retrying
admin-delivery-queued = queued
admin-tokens-help = A token lets a program (your portal, a script) use the REST API in a role. It is shown once, when it is created; revoke one you no longer use.
admin-tokens-none = No token yet.
admin-token-label = Label
admin-token-scope = Scope
admin-token-created = Created
admin-token-used = Last used
admin-token-never-used = never
admin-token-no-label = (no label)
admin-token-revoke = Revoke
admin-token-create = Create a token
admin-token-create-button = Create token
admin-scope-read = read only
admin-scope-write = read and write
admin-role = Role
admin-role-operator = node operator
admin-role-editor-of = editor of @{ $handle }
admin-role-moderator-of = moderator of @{ $handle }
admin-login = Login
admin-password = Password (at least 10 characters)
admin-user-you = you
admin-user-create = Add a user
admin-user-create-button = Add user
admin-users-cli = Users can also be added on the server's command line:
admin-node-profile = The node's name and description
admin-node-name = Name (shown in every page header and title; the host name when empty)
admin-node-description = Description (the about page; a blank line starts a paragraph)
admin-node-logo = Logo (an https:// address, or a path on this node)
admin-domains = Blocked and allowed domains (whole node)
admin-allowlist-on = Allowlist mode is on: this node talks only to allowed domains.
admin-allowlist-off = Allowlist mode is off: this node talks to every domain that is not blocked.
admin-allowlist-where = It is set in the configuration file:
admin-domain = Domain
admin-domain-rule = Rule
admin-domain-note = Note
admin-domain-block = block
admin-domain-allow = allow
admin-domains-none = No domain rule yet.
admin-domains-configured = Also set in the configuration file:
admin-followers = Followers
admin-following = Following
admin-followers-none = No followers yet.
admin-following-none = Not following anyone yet; follow through the API:
admin-follow-accepted = accepted
admin-follow-pending = waiting for acceptance
admin-follow-rejected = refused
admin-signin = Sign in
admin-signin-password = Password
admin-signin-accounts = Accounts are created by the node's operator, in the admin or on the command line:
admin-signin-expired = The form has expired; please sign in again.
admin-signin-wrong = Wrong login or password.
admin-signin-throttled-seconds = { $count ->
    [one] Too many sign-in attempts. Please wait one second and try again.
   *[other] Too many sign-in attempts. Please wait { $count } seconds and try again.
}
admin-signin-throttled-minutes = { $count ->
    [one] Too many sign-in attempts. Please wait one minute and try again.
   *[other] Too many sign-in attempts. Please wait { $count } minutes and try again.
}
admin-signin-busy-seconds = { $count ->
    [one] The server is busy. Please try again in one second.
   *[other] The server is busy. Please try again in { $count } seconds.
}
admin-signin-busy-minutes = { $count ->
    [one] The server is busy. Please try again in one minute.
   *[other] The server is busy. Please try again in { $count } minutes.
}
admin-role-editor = editor
admin-role-moderator = moderator
admin-kind-city = city
admin-kind-association = association
admin-kind-knowledge-space = knowledge space
theme-institutional-development = Public Sector Institutional and Human Resource Development
theme-e-government = Electronic and Mobile Government
theme-citizen-engagement = Citizen Engagement in Managing Development
theme-open-government-data = Open Government Data and Services

# --- follow requests in the admin ---
admin-follow-requests = Follow requests
admin-follow-requests-none = No follow request is waiting.
admin-follow-approval = New followers
admin-follow-approval-auto = Accept every follower at once
admin-follow-approval-manual = An editor approves each follower
admin-follow-approval-save = Save
admin-follow-request-who = Who asks
admin-follow-request-since = Asked on
admin-follow-request-decide = Decision
admin-follow-accept = Accept
admin-follow-reject = Reject
admin-flash-follow-approval-manual = New followers now wait for an editor's approval
admin-flash-follow-approval-auto = Every new follower is now accepted at once (those waiting were accepted)
admin-flash-follow-accepted = Follow request accepted
admin-flash-follow-rejected = Follow request rejected

# Adoption and engagement (issue 22)
adapted-from = Adapted from
adopted-by = Adopted by
admin-engagement = Likes and boosts
admin-likes = Likes: { $count }
admin-boosts = Boosts: { $count }
analytics-adoptions = Adoptions: who learned from whom
analytics-adoptions-total = Adoptions: { $count }
analytics-adoption-map-title = Map of adoptions between countries
analytics-adoption-map-note = Each arrow points from the country whose practice was adopted to the country that adopted it; the table below says the same.
analytics-adoption-map-country = { $country }: its practices adopted elsewhere { $outward }, practices adopted here from elsewhere { $inward }
analytics-adoption-flows = Adoptions between countries (adopting country ← country of origin)
analytics-flow = Flow
analytics-flow-to = Adopted in
analytics-flow-from = Learned from
analytics-count = Adoptions
analytics-most-adopted = Most adopted practices
analytics-engagement = Likes and boosts from the fediverse
analytics-engagement-top = The most liked and boosted practices of this node
analytics-likes = Likes
analytics-boosts = Boosts
analytics-practice = Practice
admin-adopted-from-field = Adapted from (addresses of practices, one per line)
admin-adopted-from-hint = The practices of other cities this one adapted; their authors are told, and their pages show that you adopted them.
# Conversation under a practice (issue 22)
conversation = Conversation
conversation-author = author
conversation-empty = No replies yet.
conversation-how = Reply to this practice from any fediverse account (Mastodon, GoToSocial, …); replies appear here once the publisher has read them.

# Association attestation: memberships the association confirms (issue 18)
membership-of = member of
membership-since = since { $date }, as the association lists it
# Places and goals beyond a country and the SDGs: the world, MDGs, period years, related practices (issue 17)
mdgs = Millennium Development Goals
mdg-number = MDG { $number }
mdg-name-1 = Eradicate extreme poverty and hunger
mdg-name-2 = Achieve universal primary education
mdg-name-3 = Promote gender equality and empower women
mdg-name-4 = Reduce child mortality
mdg-name-5 = Improve maternal health
mdg-name-6 = Combat HIV/AIDS, malaria and other diseases
mdg-name-7 = Ensure environmental sustainability
mdg-name-8 = Develop a global partnership for development
facet-mdg = Millennium Development Goals
facet-period = Years the practice ran
place-world = World
related = Related practices
# Audiences and embargo (issue 19)
admin-audience-legend = Audience and publication date
admin-audience-field = Who it is for
admin-audience-public = Everyone (public)
admin-audience-followers = Followers only
admin-audience-named = Only the actors named below
admin-audience-actors = Actors (one URL per line)
admin-publish-at = Publish at (UTC)
admin-publish-at-hint = Leave empty to publish now. Before that time the practice is sent to nobody and listed nowhere; you can still edit or delete it.
# Translation workflow: how each language was made (issue 19)
translation-original = original
translation-human = human translation
translation-machine = machine translation ({ $engine })
translation-by = by { $who }
admin-translation-made = Made
admin-translation-requests = Asked for by associations and knowledge spaces
admin-translation-request-done = done
# Admin reply queue, edits and deletions of replies (issue 22)
admin-nav-replies = Replies
admin-replies-policy-heading = How replies are taken
admin-replies-now-open = Replies to your practices are shown at once.
admin-replies-now-moderated = Replies to your practices wait here until an editor or moderator approves them.
admin-replies-now-closed = Replies to your practices are not kept.
admin-replies-policy-legend = Replies from the fediverse
admin-replies-open = Open: show every reply at once
admin-replies-moderated = Moderated: hold each reply for approval
admin-replies-closed = Closed: keep no replies
admin-replies-policy-save = Save how replies are taken
admin-replies-pending = { $count ->
    [0] No reply waits for a decision
    [one] One reply waits for a decision
   *[other] { $count } replies wait for a decision
}
admin-replies-about = about
admin-replies-approve = Approve
admin-replies-approve-named = Approve the reply of { $name }
admin-replies-reject = Reject
admin-replies-reject-named = Reject the reply of { $name }
admin-replies-block = Reject and block the author
admin-replies-block-named = Reject the reply of { $name } and block them
admin-replies-empty = Nothing to decide.
admin-replies-approved = Approved replies
admin-replies-answer-label = Your answer to { $name }
admin-replies-answer = Publish the answer
admin-replies-answer-named = Publish the answer to { $name }
admin-replies-none-approved = No approved reply yet.
admin-replies-answers = Your answers
admin-replies-delete = Delete the answer
admin-replies-delete-named = Delete the answer of { $date }
admin-replies-no-answers = No answers yet.
admin-flash-replies-policy = Saved how replies are taken.
admin-flash-reply-approved = Reply approved: it is shown and passed on.
admin-flash-reply-rejected = Reply rejected.
admin-flash-reply-blocked = Reply rejected; its author is blocked.
admin-flash-answer-published = Answer published.
admin-flash-answer-deleted = Answer deleted.

# Practice form: place and MDGs; the associations the actor belongs to
admin-mdgs-field = Millennium Development Goals (numbers 1–8, comma separated; for 2000–2015 material)
admin-mdgs-hint = The goals:
admin-place-legend = Place
admin-place-hint = A country, or instead a UN region or the whole world (then leave the country empty).
admin-region-field = UN region instead of a country
admin-region-none = None: the country above
admin-memberships = Associations we belong to
admin-memberships-intro = Name the associations of cities this actor is a member of. Each membership is shown on the public profile once the association's members collection confirms it; the node checks regularly.
admin-membership-association = Association
admin-membership-result = Last check
admin-membership-checked = Checked
admin-membership-confirmed = Confirmed: member since
admin-membership-not-listed = Not confirmed: the association does not list us
admin-membership-unchecked = Not checked yet
admin-memberships-none = No association named yet.
admin-member-of-field = Association actor URLs
admin-member-of-hint = One per line, for example https://cities.example.org/actors/association (at most 20). Leave empty to name none.
admin-memberships-save = Save the associations
admin-flash-memberships-saved = Associations saved; each is shown once it confirms the membership.
# The citizen question form (issue 22)
conversation-citizen = Question from { $name }, asked on this page
conversation-citizen-anonymous = Question from a citizen, asked on this page
ask-heading = Ask a question
ask-pending = Thank you: your question awaits moderation. It appears on this page once an editor has read it.
ask-privacy = No account needed. Once an editor approves it, your question and the name you give (optional) are published here and shared with the servers that follow this publisher. Nothing else about you is kept: no e-mail, no account; your network address is only counted in memory for an hour, to limit abuse.
ask-question-label = Your question
ask-question-help = Plain text, at most { $max } characters.
ask-name-label = Your name (optional)
ask-honeypot-label = Leave this field empty
ask-send = Send the question
ask-refused-title = Your question was not sent
ask-refused-rate = Too many questions were sent from your address. Please try again later.
ask-refused-off = This practice does not take questions through its page.
ask-refused-input = The question could not be accepted. What went wrong:
ask-refused-back = Back to the practice
admin-question-form-heading = Questions from citizens without a fediverse account
admin-question-form-now-on = Your practice pages show a short question form. Its questions always wait here for moderation, whatever the setting above.
admin-question-form-now-off = Your practice pages show no question form.
admin-question-form-on = Show the question form
admin-question-form-off = Hide the question form
admin-replies-via-form = Question from the practice page's form
admin-replies-a-citizen = a citizen
admin-replies-no-block = (a question from the form has no fediverse author to block)
admin-flash-question-form = Saved whether the question form is shown.
admin-marker-scheduled = Scheduled: published on { $date }
