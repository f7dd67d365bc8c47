# نص الواجهة، العربية (تُعرض من اليمين إلى اليسار).

## Page frame
language-name = العربية
skip-to-content = انتقل إلى المحتوى
nav-label = الموقع
nav-home = الرئيسية
nav-search = البحث
nav-analytics = الإحصاءات
nav-members = الأعضاء
nav-topics = المواضيع
nav-curated = مختارات
nav-about = حول
language-switcher = اللغة
footer = جزء من شبكة e-Cities · ActivityPub

## Home
intro = عقدة في شبكة e-Cities: تتبادل المدن أفضل الممارسات والدروس المستفادة، وتنقلها رابطات المدن، ويجمعها فضاء معارف الأمم المتحدة للإدارة العامة للعالم أجمع.
search-all = البحث في جميع الممارسات
hosted-here = مستضافة هنا
published-here = منشورة هنا
from-network = من الشبكة
from-unpaks = من UN-PAKS
nothing-yet = لا شيء بعد.
more = المزيد
widget = أداة مضمّنة

## Search
search-title = البحث عن الممارسات
words = الكلمات
goal = هدف التنمية المستدامة
any = الكل
country = البلد (رمز ISO)
region = منطقة الأمم المتحدة (رمز أو اسم)
kind = النوع
language = اللغة
search = بحث
result-count = { $count ->
    [zero] لا توجد نتائج
    [one] نتيجة واحدة
    [two] نتيجتان
    [few] { $count } نتائج
   *[other] { $count } نتيجة
}
result-count-approx = أكثر من { $count } نتيجة (مع كلمات شائعة إلى هذا الحد تُحتسب أحدث النتائج فقط)
subscribe = اشترك
older = نتائج أقدم
refine = تضييق البحث
via = عبر { $name }
facet-sdg = الأهداف
facet-region = المناطق
facet-country = البلدان
facet-kind = الأنواع
facet-theme = المواضيع
facet-language = اللغات
facet-association = الرابطات
facet-actor = المؤلفون
facet-year = السنوات

## Actor pages
members = الأعضاء
no-members = لا يوجد أعضاء بعد.
member-city = المدينة
member-country = البلد
member-since = عضو منذ
practices = الممارسات
no-practices = لم تُنشر أي ممارسات بعد.
portal = البوابة الرسمية
portal-verified-since = تم التحقق منذ { $date }: البوابة تربط بهذا الملف التعريفي
verified = موثّق
featured = مختارة
topic-intro = تابع هذا الموضوع لتعرف بكل ممارسة جديدة تطابق البحث

## Practice pages
read-in = اقرأ باللغة
relayed-by = نُقلت عبر
approved = بموافقة مشرفيها
then = ثم
chain-written = كتبه
chain-approved = وافق عليه
chain-featured = اختاره
updated = حُدّثت
sdgs = أهداف التنمية المستدامة
sdg-number = الهدف { $number }
themes = المواضيع
other-languages = لغات أخرى
problem = المشكلة
solution = الحل
results-section = النتائج
lessons = الدروس المستفادة
license = الترخيص
source = المصدر
period = الفترة
documents = المستندات
document-untitled = مستند { $format }
size-bytes = { $n } بايت
size-kb = { $n } كيلوبايت
size-mb = { $n } ميغابايت
kind-best_practice = ممارسة فضلى
kind-lesson_learned = درس مستفاد
kind-case_study = دراسة حالة
kind-policy = سياسة
kind-event = فعالية
kind-publication = منشور
kind-post = تدوينة
gone-title = حُذفت هذه الممارسة
gone-text = أزالها مؤلفها.
gone-on = حُذفت في

## Widget
widget-empty = لم يُنشر شيء بعد.
widget-more = المزيد من شبكة e-Cities

## Analytics
analytics-title = الإحصاءات
practice-count = { $count ->
    [zero] لا توجد ممارسات
    [one] ممارسة واحدة
    [two] ممارستان
    [few] { $count } ممارسات
   *[other] { $count } ممارسة
}
download = تنزيل
same-filters = عوامل التصفية نفسها المستخدمة في البحث
nothing-to-count = لا شيء للعد بعد.
chart-sdg = الممارسات حسب هدف التنمية المستدامة
chart-region = الممارسات حسب منطقة الأمم المتحدة
chart-country = الممارسات حسب البلد
chart-language = الممارسات حسب اللغة
chart-month = الممارسات حسب الشهر

## About
about-title = حول هذه العقدة
about-empty = لم يصف المشغّل هذه العقدة بعد.
about-network = هذه العقدة جزء من شبكة e-Cities.

## التواريخ: «1 ديسمبر 2026»
date-long = { $day } { $month } { $year }
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر

## الإدارة: رسائل تظهر مرة واحدة بعد النموذج
flash-published = نُشرت: { $title }
flash-saved = حُفظت: { $title }
flash-approved = تمت الموافقة على الممارسة
flash-rejected = رُفضت الممارسة
flash-replayed = { $count ->
    [0] لا توجد عمليات تسليم فاشلة لإعادة المحاولة
    [one] ستُعاد محاولة تسليم فاشل واحد
   *[other] ستُعاد محاولة { $count } من عمليات التسليم الفاشلة
}
flash-source-added = أُضيفت الخلاصة
flash-polled = تم فحص الخلاصة: { $created } جديدة، { $updated } محدّثة، { $deleted } محذوفة
flash-poll-failed = تعذّرت قراءة الخلاصة؛ السبب معروض بجانبها.
flash-domain-saved = حُفظت قاعدة النطاق
flash-domain-removed = حُذفت قاعدة النطاق
flash-node-saved = حُفظ ملف العقدة
flash-token-created = رمز API جديد (يُعرض مرة واحدة، انسخه الآن): { $token }
flash-error = لم يتم: { $reason }

topics-title = المواضيع
topics-intro = كل موضوع بحثٌ محفوظ له حسابه الخاص في الفديفرس: تابِعه لتصلك كل ممارسة جديدة يجدها.
topics-empty = لا توجد مواضيع على هذه العقدة بعد.
topics-search = بحثه

## Admin: the workspace's frame and dashboard
admin-title = إدارة ecities
admin-signed-in = مسجَّل الدخول باسم { $login } ({ $role })
admin-public-page = الصفحة العامة
admin-sign-out = تسجيل الخروج
admin-nav-label = الإدارة
admin-nav-dashboard = لوحة المتابعة
admin-nav-practices = الممارسات
admin-nav-write = كتابة ممارسة
admin-nav-review = قائمة المراجعة
admin-nav-feeds = خلاصات البوابة
admin-nav-deliveries = الإرسال
admin-nav-follows = المتابِعون والمتابَعون
admin-nav-tokens = رموز واجهة البرمجة
admin-nav-users = المستخدمون
admin-nav-settings = إعدادات العقدة
admin-node-dashboard = هذه العقدة
admin-needs-you = ما يحتاج إلى انتباهك
admin-pending-reviews = { $count ->
    [0] لا توجد ممارسات بانتظار المراجعة
    [one] ممارسة واحدة بانتظار المراجعة
   *[other] { $count } ممارسات بانتظار المراجعة
}
admin-failed-deliveries = { $count ->
    [0] لا توجد عمليات إرسال فاشلة
    [one] فشلت عملية إرسال واحدة
   *[other] فشلت { $count } عمليات إرسال
}
admin-feed-errors = { $count ->
    [0] قُرئت جميع خلاصات البوابة
    [one] تعذّرت قراءة خلاصة واحدة من البوابة
   *[other] تعذّرت قراءة { $count } خلاصات من البوابة
}
admin-recent-practices = أحدث الممارسات
admin-none-yet = لا شيء بعد.
admin-user-count = { $count ->
    [one] مستخدم واحد
   *[other] { $count } مستخدمين
}
admin-domain-rule-count = { $count ->
    [0] لا توجد قواعد للنطاقات
    [one] قاعدة نطاق واحدة
   *[other] { $count } قواعد للنطاقات
}
# --- records ---
history-link = سجل النسخ
history-title = سجل النسخ
history-intro = تُحفظ كل نسخة من هذه الممارسة دون تغيير، ولكل منها عنوان دائم خاص بها يمكن الاستشهاد به.
version-number = النسخة { $number }
version-current = الحالية
version-of = النسخة { $number } بتاريخ { $date }
version-notice = أنت تقرأ النسخة { $number } من { $latest }، محفوظة كما نُشرت تمامًا.
version-read-current = اقرأ النسخة الحالية
version-previous = النسخة السابقة
version-next = النسخة التالية
permalink = رابط دائم لهذه النسخة
cite-as = للاستشهاد
about-harvest = جمع هذه الممارسات
about-harvest-text = يمكن للمكتبات والمستودعات ومحركات البحث جمع الممارسات المنشورة على هذه العقدة، مع تعديلاتها وحذفها، عبر هذه العناوين القياسية:
# --- network ---
nav-network = الشبكة
network-title = الشبكة
network-intro = الجمعيات التي تعرفها هذه العقدة، ومدنها الأعضاء حسب المنطقة والبلد، ومتى انضمت كل مدينة، وكم شاركت.
network-follow-hint = لمتابعة مدينة أو جمعية من حسابك في الفديفرس، افتح «متابعة» بجانبها واكتب عنوانك (مثلًا alice@mastodon.example)، ثم أكِّد المتابعة على خادمك.
network-summary = { $associations ->
     [zero] لا جمعيات
     [one] جمعية واحدة
     [two] جمعيتان
     [few] { $associations } جمعيات
     [many] { $associations } جمعية
    *[other] { $associations } جمعية
}، و{ $cities ->
     [zero] لا مدن أعضاء
     [one] مدينة عضو واحدة
     [two] مدينتان عضوان
     [few] { $cities } مدن أعضاء
     [many] { $cities } مدينة عضوًا
    *[other] { $cities } مدينة عضو
} في { $countries ->
     [zero] لا بلدان
     [one] بلد واحد
     [two] بلدين
     [few] { $countries } بلدان
     [many] { $countries } بلدًا
    *[other] { $countries } بلد
}.
network-map-title = المدن الأعضاء حسب البلد
network-map-note = البلدان التي فيها مدن أعضاء مظللة (كلما كان اللون أغمق زاد عدد المدن)، ويسردها الجدول أدناه.
network-map-country = { $country }: { $count ->
     [zero] لا مدن أعضاء
     [one] مدينة عضو واحدة
     [two] مدينتان عضوان
     [few] { $count } مدن أعضاء
     [many] { $count } مدينة عضوًا
    *[other] { $count } مدينة عضو
}
network-by-country = المدن الأعضاء حسب البلد
network-region = المنطقة
network-cities = المدن الأعضاء
network-associations = الجمعيات
network-local = على هذه العقدة
network-association-shared = { $members ->
     [zero] لا مدن أعضاء
     [one] مدينة عضو واحدة
     [two] مدينتان عضوان
     [few] { $members } مدن أعضاء
     [many] { $members } مدينة عضوًا
    *[other] { $members } مدينة عضو
} · { $relayed ->
     [zero] لم تُعِد نشر أي ممارسة
     [one] أعادت نشر ممارسة واحدة
     [two] أعادت نشر ممارستين
     [few] أعادت نشر { $relayed } ممارسات
     [many] أعادت نشر { $relayed } ممارسة
    *[other] أعادت نشر { $relayed } ممارسة
}
network-region-unknown = البلد غير محدد
network-joined = عضو منذ
network-shared = ما شاركته
network-practices = { $count ->
     [zero] لا ممارسات
     [one] ممارسة واحدة
     [two] ممارستان
     [few] { $count } ممارسات
     [many] { $count } ممارسة
    *[other] { $count } ممارسة
}
network-follow = متابعة
network-follow-button = متابعة
network-follow-label = عنوانك في الفديفرس
network-no-members = لا تعرف هذه العقدة أي مدينة عضو.
network-empty = لا تعرف هذه العقدة أي جمعية بعد.
network-json = البيانات نفسها بصيغة JSON:
network-follow-search = ابحث عن هذا العنوان في تطبيقك وتابِعه من هناك:
network-back = العودة إلى الشبكة
network-follow-no-template = لا يبيّن { $host } طريقة المتابعة منه.
network-follow-unknown = لا تعرف هذه العقدة تلك المدينة أو الجمعية.
network-follow-failed = تعذّر بدء المتابعة: { $reason }
# --- searchui ---
sort-label = الترتيب
sort-relevance = الأكثر صلة أولاً
sort-newest = الأحدث أولاً
apply-filters = تطبيق عوامل التصفية
filters-applied = عوامل التصفية المطبّقة
remove-filter = إزالة عامل التصفية { $name }
clear-filters = إزالة كل عوامل التصفية
no-results = لا توجد ممارسة تطابق هذا البحث.
more-results = مزيد من النتائج
sdg-name-1 = القضاء على الفقر
sdg-name-2 = القضاء التام على الجوع
sdg-name-3 = الصحة الجيدة والرفاه
sdg-name-4 = التعليم الجيد
sdg-name-5 = المساواة بين الجنسين
sdg-name-6 = المياه النظيفة والنظافة الصحية
sdg-name-7 = طاقة نظيفة وبأسعار معقولة
sdg-name-8 = العمل اللائق ونمو الاقتصاد
sdg-name-9 = الصناعة والابتكار والهياكل الأساسية
sdg-name-10 = الحد من أوجه عدم المساواة
sdg-name-11 = مدن ومجتمعات محلية مستدامة
sdg-name-12 = الاستهلاك والإنتاج المسؤولان
sdg-name-13 = العمل المناخي
sdg-name-14 = الحياة تحت الماء
sdg-name-15 = الحياة في البر
sdg-name-16 = السلام والعدل والمؤسسات القوية
sdg-name-17 = عقد الشراكات لتحقيق الأهداف

# --- admin2: review, members, curation, topics ---
admin-nav-members = الأعضاء
admin-nav-curation = الانتقاء
admin-nav-topics = المواضيع
admin-th-practice = الممارسة
admin-th-city = المدينة
admin-th-author = الكاتب
admin-th-country = البلد
admin-th-date = تاريخ النشر
admin-th-decision = القرار
admin-th-reason = السبب
admin-th-decided = تاريخ القرار
admin-th-state = الحالة
admin-th-joined = عضو منذ
admin-th-shared = الممارسات المُشارَكة
admin-th-actions = الإجراءات
admin-th-topic = الموضوع
admin-th-handle = المعرّف للمتابعة
admin-th-search = البحث
admin-th-created = تاريخ الإنشاء
admin-moderation-heading = الإشراف
admin-moderation-now-auto = تُعاد نشر ممارسات الأعضاء فور نشرها.
admin-moderation-now-manual = تنتظر ممارسات الأعضاء هنا حتى يوافق عليها مشرف.
admin-moderation-legend = كيف تُعاد نشر ممارسات الأعضاء
admin-moderation-auto = تلقائيًا: إعادة نشر كل ممارسة لعضو فورًا
admin-moderation-manual = يدويًا: إحالة كل ممارسة إلى المراجعة
admin-moderation-save = حفظ طريقة الإشراف
admin-review-pending = { $count ->
    [0] لا شيء بانتظار المراجعة
    [one] ممارسة واحدة بانتظار المراجعة
    [two] ممارستان بانتظار المراجعة
    [few] { $count } ممارسات بانتظار المراجعة
   *[other] { $count } ممارسة بانتظار المراجعة
}
admin-review-pending-caption = وافق لإعادة نشر الممارسة إلى متابعي الرابطة؛ أو ارفضها مع ذكر السبب الذي ستراه المدينة.
admin-review-approve = موافقة
admin-review-approve-named = الموافقة على «{ $title }»
admin-review-reason = السبب (تراه المدينة)
admin-review-reject = رفض
admin-review-reject-named = رفض «{ $title }»
admin-review-empty = لا شيء بانتظار المراجعة.
admin-review-decided = القرارات الأخيرة
admin-review-no-decisions = لا قرارات بعد.
admin-review-decision-approved = مقبولة
admin-review-decision-rejected = مرفوضة
admin-members-intro = المدن الأعضاء هي المدن التي تتابعها هذه الرابطة: تُعاد نشر ممارساتها إلى متابعي الرابطة.
admin-members-invite = دعوة مدينة
admin-members-handle = معرّف المدينة
admin-members-handle-help = مثلًا ‎@seoul@cities.example؛ المدينة المستضافة على خادم آخر تقبل الدعوة هناك.
admin-members-invite-button = دعوة
admin-members-count = { $count ->
    [0] لا أعضاء بعد
    [one] مدينة عضو واحدة
    [two] مدينتان عضوان
    [few] { $count } مدن أعضاء
   *[other] { $count } مدينة عضوًا
}
admin-members-none = ادعُ مدينة بمعرّفها لإعادة نشر ممارساتها.
admin-members-state-accepted = عضو
admin-members-state-pending = مدعوّة، بانتظار الرد
admin-members-state-rejected = اعتذرت
admin-members-remove = إزالة
admin-members-remove-named = إزالة { $name } من الأعضاء
admin-members-remove-title = هل تريد إزالة { $name } من الأعضاء؟
admin-members-remove-explain = تتوقف الرابطة عن متابعة هذه المدينة: لن تُعاد نشر ممارساتها الجديدة. تبقى الممارسات التي أُعيد نشرها في مكانها.
admin-members-remove-confirm = نعم، أزل هذا العضو
admin-members-keep = إلغاء
admin-curation-intro = ابحث في الممارسات التي تحفظها هذه العقدة وأبرز أفضلها: تُعلن الممارسات المُبرزة لمتابعي فضاء المعرفة هذا.
admin-curation-search = البحث عن ممارسات
admin-curation-search-label = كلمات من العنوان أو الملخص أو النص
admin-curation-search-button = بحث
admin-curation-no-results = لا توجد ممارسة مطابقة.
admin-curation-featured = { $count ->
    [0] لم يُبرز شيء بعد
    [one] ممارسة مُبرزة واحدة
    [two] ممارستان مُبرزتان
    [few] { $count } ممارسات مُبرزة
   *[other] { $count } ممارسة مُبرزة
}
admin-curation-none = أبرز ممارسات من نتائج البحث أعلاه.
admin-curation-feature = إبراز
admin-curation-feature-named = إبراز «{ $title }»
admin-curation-unfeature = إلغاء الإبراز
admin-curation-unfeature-named = إلغاء إبراز «{ $title }»
admin-topics-intro = الموضوع بحث محفوظ يمكن متابعته من أي حساب في الفديفرس: يُعلن كل ممارسة جديدة تطابقه.
admin-topics-new = إنشاء موضوع
admin-topics-name = الاسم (معرّفه: أحرف لاتينية صغيرة أو أرقام أو - أو _)
admin-topics-name-help = مثلًا sdg11-korea؛ لا يمكن تغييره لاحقًا.
admin-topics-title = العنوان
admin-topics-query = البحث المحفوظ
admin-topics-query-help = كما في عنوان صفحة البحث، مثلًا sdg=11&country=KR أو q=buses.
admin-topics-create = إنشاء الموضوع
admin-topics-count = { $count ->
    [0] لا مواضيع بعد
    [one] موضوع واحد
    [two] موضوعان
    [few] { $count } مواضيع
   *[other] { $count } موضوعًا
}
admin-topics-none = أنشئ موضوعًا ليتمكن الناس من متابعة بحث.
admin-topics-delete = حذف
admin-topics-delete-named = حذف الموضوع { $name }
admin-topics-delete-title = هل تريد حذف الموضوع { $name }؟
admin-topics-delete-explain = لن يتلقى متابعوه إعلاناته بعد الآن، ولن يُستخدم معرّفه مرة أخرى.
admin-topics-delete-confirm = نعم، احذف هذا الموضوع
admin-flash-moderation-manual = أصبح الإشراف يدويًا: تنتظر ممارسات الأعضاء المراجعة.
admin-flash-moderation-auto = أصبح الإشراف تلقائيًا: تُعاد نشر ممارسات الأعضاء فورًا.
admin-flash-member-invited = أُرسلت الدعوة
admin-flash-member-removed = أُزيل العضو
admin-flash-featured = أُبرزت: { $title }
admin-flash-unfeatured = أُلغي إبراز: { $title }
admin-flash-topic-created = أُنشئ الموضوع
admin-flash-topic-deleted = حُذف الموضوع

# --- admin1: the editors' and the operator's admin ---
admin-datetime = { $date }، { $time } UTC
admin-search-words = كلمات البحث
admin-kind = النوع
admin-any = الكل
admin-language = اللغة
admin-languages = اللغات
admin-search = بحث
admin-clear-filters = مسح عوامل التصفية
admin-practice-count = { $count ->
    [one] ممارسة واحدة
    [two] ممارستان
    [few] { $count } ممارسات
   *[other] { $count } ممارسة
}
admin-practice-title = العنوان
admin-status = الحالة
admin-actions = الإجراءات
admin-published-on = نُشرت في { $date }
admin-updated-on = عُدّلت في { $date }
admin-approved-by = وافقت عليها { $name }
admin-rejected-by = رفضتها { $name }
admin-pending-at = بانتظار مراجعة { $name }
admin-preview = معاينة
admin-edit = تعديل
admin-translations = الترجمات
admin-delete = حذف
admin-remove = إزالة
admin-cancel = إلغاء
admin-save = حفظ
admin-nothing-matches = لا توجد ممارسة تطابق عوامل التصفية هذه.
admin-preview-of = معاينة: { $title }
admin-preview-note = كما تعرضها صفحتها العامة، بكل لغة. عنوانها:
admin-preview-unpublished = معاينة — لم تُنشر بعد
admin-preview-language = معاينة بلغة { $lang }
admin-original-language = اللغة الأصلية: { $lang }
admin-translation-language = ترجمة: { $lang }
admin-moderation = قرارات الجمعيات
admin-delete-title = حذف «{ $title }»؟
admin-delete-what = نُشرت هذه الممارسة في { $date }. حذفها:
admin-delete-gone = يزيلها من هذه العقدة؛ ثم يجيب عنوانها بأنها لم تعد موجودة:
admin-delete-federated = يطلب من كل متابع وكل جمعية (رسالة Delete في ActivityPub) حذف نسخهم؛
admin-delete-translations = { $count ->
    [one] يحذف ترجمتها أيضًا؛
   *[other] يحذف ترجماتها ({ $count }) أيضًا؛
}
admin-delete-relayed = { $count ->
    [one] يسحبها من الجمعية التي أعادت نشرها؛
   *[other] يسحبها من الجمعيات ({ $count }) التي أعادت نشرها؛
}
admin-delete-final = لا يمكن التراجع عنه.
admin-delete-confirm = حذف الممارسة
admin-translations-of = الترجمات: { $title }
admin-no-translations = لا توجد ترجمة بعد.
admin-attachments = الصور والمستندات
admin-attachment-file = الملف
admin-attachment-alt = النص البديل
admin-attachment-alt-hint = مطلوب للصورة: صِف ما تُظهره لمن لا يستطيع رؤيتها. وللمستند: عنوانه.
admin-attachment-caption = التعليق
admin-attachment-size = الحجم (بايت)
admin-attachment-add = إرفاق الملف
admin-no-attachments = لا توجد صور أو مستندات بعد.
admin-translation-add = إضافة ترجمة
admin-translation-edit = تعديل الترجمة ({ $lang })
admin-not-saved = لم يُحفظ:
admin-practice-not-saved = لم تُحفظ الممارسة:
admin-language-tag = اللغة (رمز مثل ar أو en أو ko)
admin-summary = الملخص
admin-text-markdown = النص (Markdown)
admin-edit-practice = تعديل الممارسة
admin-write-practice = كتابة ممارسة
admin-sdgs-field = أهداف التنمية المستدامة (أرقام مفصولة بفواصل)
admin-country-code = البلد (حرفان)
admin-sections-optional = أقسام منظمة (اختيارية)
admin-themes-field = المواضيع (مفصولة بفواصل)
admin-links-field = الروابط (رابط في كل سطر)
admin-period-from = الفترة من
admin-period-to = إلى
admin-portal-page = الصفحة على بوابتنا
admin-translation-optional = ترجمة (اختيارية)
admin-save-changes = حفظ التغييرات
admin-publish = نشر
admin-flash-deleted = حُذفت: { $title }
admin-flash-translation-saved = حُفظت الترجمة: { $title }
admin-flash-translation-removed = أُزيلت الترجمة: { $title }
admin-flash-mapping-saved = حُفظت مطابقات الموجز
admin-flash-source-removed = أُزيل الموجز
admin-flash-token-revoked = أُلغي الرمز المميز: لم يعد يعمل
admin-flash-user-created = أُنشئ المستخدم
admin-flash-user-removed = أُزيل المستخدم
admin-feed-state-ok = قُرئ دون أخطاء
admin-feed-state-error = فشلت القراءة الأخيرة
admin-feed-state-new = لم يُقرأ بعد
admin-feed-imported = { $count ->
    [one] عنصر واحد مستورد
   *[other] عناصر مستوردة: { $count }
}
admin-feed-last-poll = آخر قراءة في { $date }
admin-feed-last-error = فشل في { $date }:
admin-feed-last-success = آخر قراءة ناجحة في { $date }
admin-feed-poll = اقرأ الآن
admin-feed-edit-mapping = تعديل المطابقات
admin-feed-mapping = معنى تصنيفاته
admin-feed-defaults = القيم الافتراضية
admin-feed-sdgs = أهداف التنمية المستدامة
admin-feed-themes = المواضيع
admin-feed-category = التصنيف
admin-feed-no-rules = لا توجد قواعد للتصنيفات: تُقرأ الأهداف من تصنيفات مثل «SDG 11».
admin-feed-add = إضافة موجز
admin-feed-url = عنوان الموجز (RSS أو Atom أو JSON Feed)
admin-feed-add-button = إضافة
admin-feed-mapping-of = مطابقات { $url }
admin-feed-mapping-help = تنطبق القيم الافتراضية على كل عنصر؛ ويضيف تصنيف العنصر أهداف قاعدته ومواضيعها وقد يحدد نوعه. تتغير العناصر عند تحديثها التالي في الموجز.
admin-feed-rules = قواعد التصنيفات
admin-feed-rules-help = اترك التصنيف فارغًا لحذف قاعدته؛ الأهداف والمواضيع مفصولة بفواصل.
admin-feed-remove-title = إزالة الموجز { $url }؟
admin-feed-remove-what = { $count ->
    [one] تتوقف العقدة عن قراءته. تبقى الممارسة التي استوردها منشورة؛ احذفها من قائمة الممارسات إن لزم.
   *[other] تتوقف العقدة عن قراءته. تبقى الممارسات التي استوردها ({ $count }) منشورة؛ احذفها من قائمة الممارسات إن لزم.
}
admin-feed-remove-confirm = إزالة الموجز
admin-deliveries-help = ما أرسله هذا الفاعل، من الأحدث إلى الأقدم، وإلى من. الأوقات بتوقيت UTC.
admin-deliveries-failed = { $count ->
    [0] لم يفشل أي إرسال.
    [one] فشل إرسال واحد.
   *[other] عمليات إرسال فاشلة: { $count }.
}
admin-deliveries-retry = إعادة محاولة الإرسالات الفاشلة
admin-deliveries-summary = المستلمون: { $count }؛ سُلّم { $delivered }، فشل { $failed }
admin-deliveries-none = لم يُرسل شيء بعد.
admin-delivery-recipient = صندوق وارد المستلم
admin-delivery-attempts = المحاولات
admin-delivery-next = المحاولة التالية
admin-delivery-last-error = آخر خطأ
admin-delivery-delivered = سُلّم
admin-delivery-failed = فشل
admin-delivery-retrying = ستُعاد المحاولة
admin-delivery-queued = في الانتظار
admin-tokens-help = يتيح الرمز المميز لبرنامج (بوابتك أو نص برمجي) استخدام واجهة REST بدور معين. لا يُعرض إلا مرة واحدة عند إنشائه؛ ألغِ ما لم تعد تستخدمه.
admin-tokens-none = لا توجد رموز مميزة بعد.
admin-token-label = التسمية
admin-token-scope = النطاق
admin-token-created = أُنشئ
admin-token-used = آخر استخدام
admin-token-never-used = أبدًا
admin-token-no-label = (بلا تسمية)
admin-token-revoke = إلغاء
admin-token-create = إنشاء رمز مميز
admin-token-create-button = إنشاء الرمز
admin-scope-read = قراءة فقط
admin-scope-write = قراءة وكتابة
admin-role = الدور
admin-role-operator = مشغّل العقدة
admin-role-editor-of = محرر @{ $handle }
admin-role-moderator-of = مشرف @{ $handle }
admin-login = اسم الدخول
admin-password = كلمة المرور (10 أحرف على الأقل)
admin-user-you = أنت
admin-user-create = إضافة مستخدم
admin-user-create-button = إضافة المستخدم
admin-users-cli = يمكن أيضًا إضافة المستخدمين من سطر أوامر الخادم:
admin-node-profile = اسم العقدة ووصفها
admin-node-name = الاسم (يظهر في ترويسة كل صفحة وعنوانها؛ اسم المضيف إن كان فارغًا)
admin-node-description = الوصف (صفحة «حول»؛ السطر الفارغ يبدأ فقرة)
admin-node-logo = الشعار (عنوان https:// أو مسار على هذه العقدة)
admin-domains = النطاقات المحظورة والمسموح بها (العقدة كلها)
admin-allowlist-on = وضع القائمة المسموح بها مفعّل: لا تتواصل هذه العقدة إلا مع النطاقات المسموح بها.
admin-allowlist-off = وضع القائمة المسموح بها معطّل: تتواصل هذه العقدة مع كل نطاق غير محظور.
admin-allowlist-where = يُضبط في ملف الإعدادات:
admin-domain = النطاق
admin-domain-rule = القاعدة
admin-domain-note = ملاحظة
admin-domain-block = حظر
admin-domain-allow = سماح
admin-domains-none = لا توجد قواعد للنطاقات بعد.
admin-domains-configured = مضبوط أيضًا في ملف الإعدادات:
admin-followers = المتابعون
admin-following = المتابَعون
admin-followers-none = لا يوجد متابعون بعد.
admin-following-none = لا تتابع أحدًا بعد؛ تابِع عبر الواجهة البرمجية:
admin-follow-accepted = مقبولة
admin-follow-pending = بانتظار القبول
admin-follow-rejected = مرفوضة
admin-signin = تسجيل الدخول
admin-signin-password = كلمة المرور
admin-signin-accounts = ينشئ مشغّل العقدة الحسابات، في لوحة الإدارة أو من سطر الأوامر:
admin-signin-expired = انتهت صلاحية النموذج؛ يُرجى تسجيل الدخول مجددًا.
admin-signin-wrong = اسم الدخول أو كلمة المرور غير صحيحة.
admin-signin-throttled-seconds = محاولات دخول كثيرة جدًا. انتظر { $count } ثانية ثم أعد المحاولة.
admin-signin-throttled-minutes = محاولات دخول كثيرة جدًا. انتظر { $count } دقيقة ثم أعد المحاولة.
admin-signin-busy-seconds = الخادم مشغول. أعد المحاولة بعد { $count } ثانية.
admin-signin-busy-minutes = الخادم مشغول. أعد المحاولة بعد { $count } دقيقة.
admin-role-editor = محرر
admin-role-moderator = مشرف
admin-kind-city = مدينة
admin-kind-association = جمعية
admin-kind-knowledge-space = فضاء معرفي
theme-institutional-development = التطوير المؤسسي وتنمية الموارد البشرية في القطاع العام
theme-e-government = الحكومة الإلكترونية والمتنقلة
theme-citizen-engagement = مشاركة المواطنين في إدارة التنمية
theme-open-government-data = البيانات والخدمات الحكومية المفتوحة

# --- follow requests in the admin ---
admin-follow-requests = طلبات المتابعة
admin-follow-requests-none = لا توجد طلبات متابعة بانتظار القرار.
admin-follow-approval = المتابِعون الجدد
admin-follow-approval-auto = قبول كل متابِع فورًا
admin-follow-approval-manual = يوافق محرِّر على كل متابِع
admin-follow-approval-save = حفظ
admin-follow-request-who = مقدِّم الطلب
admin-follow-request-since = تاريخ الطلب
admin-follow-request-decide = القرار
admin-follow-accept = قبول
admin-follow-reject = رفض
admin-flash-follow-approval-manual = ينتظر المتابِعون الجدد الآن موافقة محرِّر
admin-flash-follow-approval-auto = يُقبل كل متابِع جديد الآن فورًا (وقُبلت الطلبات المنتظرة)
admin-flash-follow-accepted = قُبل طلب المتابعة
admin-flash-follow-rejected = رُفض طلب المتابعة

# التبنّي والتفاعل (issue 22)
adapted-from = مقتبسة من
adopted-by = تبنّتها
admin-engagement = الإعجابات وإعادات النشر
admin-likes = الإعجابات: { $count }
admin-boosts = إعادات النشر: { $count }
analytics-adoptions = التبنّي: من تعلّم ممن
analytics-adoptions-total = حالات التبنّي: { $count }
analytics-adoption-map-title = خريطة التبنّي بين البلدان
analytics-adoption-map-note = يتجه كل سهم من البلد الذي تُبنّيت ممارسته إلى البلد الذي تبنّاها؛ والجدول أدناه يقول الشيء نفسه.
analytics-adoption-map-country = { $country }: ممارساته التي تُبنّيت في أماكن أخرى { $outward }، وممارسات من أماكن أخرى تُبنّيت هنا { $inward }
analytics-adoption-flows = التبنّي بين البلدان (البلد المتبنّي ← بلد المنشأ)
analytics-flow = الاتجاه
analytics-flow-to = تُبنّيت في
analytics-flow-from = تعلّمت من
analytics-count = حالات التبنّي
analytics-most-adopted = أكثر الممارسات تبنّيًا
analytics-engagement = الإعجابات وإعادات النشر من الفديفرس
analytics-engagement-top = ممارسات هذه العقدة الأكثر إعجابًا وإعادة نشر
analytics-likes = الإعجابات
analytics-boosts = إعادات النشر
analytics-practice = الممارسة
admin-adopted-from-field = مقتبسة من (عناوين الممارسات، عنوان في كل سطر)
admin-adopted-from-hint = ممارسات المدن الأخرى التي تقتبسها هذه الممارسة؛ يُبلَّغ أصحابها، وتُظهر صفحاتها أنكم تبنّيتموها.
# Conversation under a practice (issue 22)
conversation = المحادثة
conversation-author = الناشر
conversation-empty = لا توجد ردود بعد.
conversation-how = يمكنك الرد على هذه الممارسة من أي حساب في الفديفرس (ماستودون، GoToSocial، …)؛ تظهر الردود هنا بعد أن يقرأها الناشر.

# Association attestation: memberships the association confirms (issue 18)
membership-of = عضو في
membership-since = منذ { $date }، كما تدرجه الجمعية
# Places and goals beyond a country and the SDGs: the world, MDGs, period years, related practices (issue 17)
mdgs = الأهداف الإنمائية للألفية
mdg-number = الهدف الإنمائي للألفية { $number }
mdg-name-1 = القضاء على الفقر المدقع والجوع
mdg-name-2 = تحقيق تعميم التعليم الابتدائي
mdg-name-3 = تعزيز المساواة بين الجنسين وتمكين المرأة
mdg-name-4 = تخفيض معدل وفيات الأطفال
mdg-name-5 = تحسين الصحة النفاسية
mdg-name-6 = مكافحة فيروس نقص المناعة البشرية/الإيدز والملاريا وغيرهما من الأمراض
mdg-name-7 = كفالة الاستدامة البيئية
mdg-name-8 = إقامة شراكة عالمية من أجل التنمية
facet-mdg = الأهداف الإنمائية للألفية
facet-period = سنوات التنفيذ
place-world = العالم
related = ممارسات ذات صلة
# Audiences and embargo (issue 19)
admin-audience-legend = الجمهور وتاريخ النشر
admin-audience-field = لمن
admin-audience-public = الجميع (عام)
admin-audience-followers = المتابعون فقط
admin-audience-named = الجهات المذكورة أدناه فقط
admin-audience-actors = الجهات (رابط واحد في كل سطر)
admin-publish-at = النشر في (UTC)
admin-publish-at-hint = اتركه فارغًا للنشر الآن. قبل ذلك الموعد لا تُرسل الممارسة إلى أحد ولا تظهر في أي قائمة، ويمكنك تعديلها أو حذفها.
# Translation workflow: how each language was made (issue 19)
translation-original = الأصل
translation-human = ترجمة بشرية
translation-machine = ترجمة آلية ({ $engine })
translation-by = بواسطة { $who }
admin-translation-made = طريقة الإعداد
admin-translation-requests = طلبتها الجمعيات وفضاءات المعرفة
admin-translation-request-done = تمت
# Admin reply queue, edits and deletions of replies (issue 22)
admin-nav-replies = الردود
admin-replies-policy-heading = كيفية استقبال الردود
admin-replies-now-open = تُعرض الردود على ممارساتك فورًا.
admin-replies-now-moderated = تنتظر الردود على ممارساتك هنا حتى يوافق عليها محرر أو مشرف.
admin-replies-now-closed = لا تُحفظ الردود على ممارساتك.
admin-replies-policy-legend = الردود من الفيديفيرس
admin-replies-open = مفتوح: عرض كل رد فورًا
admin-replies-moderated = مُشرف عليه: حجز كل رد للموافقة
admin-replies-closed = مغلق: عدم حفظ أي رد
admin-replies-policy-save = حفظ كيفية استقبال الردود
admin-replies-pending = { $count ->
    [0] لا يوجد رد ينتظر قرارًا
    [one] رد واحد ينتظر قرارًا
   *[other] { $count } ردود تنتظر قرارًا
}
admin-replies-about = حول
admin-replies-approve = موافقة
admin-replies-approve-named = الموافقة على رد { $name }
admin-replies-reject = رفض
admin-replies-reject-named = رفض رد { $name }
admin-replies-block = رفض وحظر الكاتب
admin-replies-block-named = رفض رد { $name } وحظره
admin-replies-empty = لا شيء للبت فيه.
admin-replies-approved = الردود الموافق عليها
admin-replies-answer-label = جوابك على { $name }
admin-replies-answer = نشر الجواب
admin-replies-answer-named = نشر الجواب على { $name }
admin-replies-none-approved = لا توجد ردود موافق عليها بعد.
admin-replies-answers = أجوبتك
admin-replies-delete = حذف الجواب
admin-replies-delete-named = حذف الجواب بتاريخ { $date }
admin-replies-no-answers = لا توجد أجوبة بعد.
admin-flash-replies-policy = تم حفظ كيفية استقبال الردود.
admin-flash-reply-approved = تمت الموافقة على الرد: أصبح معروضًا ومُمررًا.
admin-flash-reply-rejected = تم رفض الرد.
admin-flash-reply-blocked = تم رفض الرد وحظر كاتبه.
admin-flash-answer-published = تم نشر الجواب.
admin-flash-answer-deleted = تم حذف الجواب.

# Practice form: place and MDGs; the associations the actor belongs to
admin-mdgs-field = الأهداف الإنمائية للألفية (أرقام من 1 إلى 8 تفصل بينها فواصل؛ لمواد 2000–2015)
admin-mdgs-hint = الأهداف:
admin-place-legend = المكان
admin-place-hint = بلد، أو بدلًا منه منطقة من مناطق الأمم المتحدة أو العالم كله (واترك البلد فارغًا حينئذ).
admin-region-field = منطقة الأمم المتحدة بدلًا من بلد
admin-region-none = لا شيء: البلد أعلاه
admin-memberships = الجمعيات التي ننتمي إليها
admin-memberships-intro = اذكر جمعيات المدن التي ينتمي إليها هذا الفاعل. تظهر كل عضوية في الملف العام حين تؤكدها مجموعة أعضاء الجمعية؛ ويتحقق الخادم من ذلك بانتظام.
admin-membership-association = الجمعية
admin-membership-result = آخر تحقق
admin-membership-checked = تاريخ التحقق
admin-membership-confirmed = مؤكدة: عضو منذ
admin-membership-not-listed = غير مؤكدة: الجمعية لا تدرجنا
admin-membership-unchecked = لم يُتحقق منها بعد
admin-memberships-none = لم تُذكر أي جمعية بعد.
admin-member-of-field = عناوين URL لفاعلي الجمعيات
admin-member-of-hint = عنوان في كل سطر، مثل https://cities.example.org/actors/association (20 على الأكثر). اتركه فارغًا لعدم ذكر أي جمعية.
admin-memberships-save = حفظ الجمعيات
admin-flash-memberships-saved = حُفظت الجمعيات؛ تظهر كل واحدة حين تؤكد العضوية.
# نموذج أسئلة المواطنين (issue 22)
conversation-citizen = سؤال من { $name }، طُرح في هذه الصفحة
conversation-citizen-anonymous = سؤال من مواطن، طُرح في هذه الصفحة
ask-heading = اطرح سؤالًا
ask-pending = شكرًا: سؤالك بانتظار المراجعة. سيظهر في هذه الصفحة بعد أن يقرأه محرر.
ask-privacy = لا حاجة إلى حساب. بعد موافقة محرر، يُنشر سؤالك والاسم الذي تكتبه (اختياري) هنا ويُشارك مع الخوادم التي تتابع هذا الناشر. لا يُحفظ عنك شيء آخر: لا بريد إلكتروني ولا حساب؛ ويُعدّ عنوان شبكتك في الذاكرة فقط لمدة ساعة للحد من إساءة الاستخدام.
ask-question-label = سؤالك
ask-question-help = نص عادي، { $max } حرفًا على الأكثر.
ask-name-label = اسمك (اختياري)
ask-honeypot-label = اترك هذا الحقل فارغًا
ask-send = أرسل السؤال
ask-refused-title = لم يُرسل سؤالك
ask-refused-rate = أُرسل عدد كبير جدًا من الأسئلة من عنوانك. حاول لاحقًا.
ask-refused-off = هذه الممارسة لا تستقبل الأسئلة عبر صفحتها.
ask-refused-input = تعذّر قبول السؤال. السبب:
ask-refused-back = العودة إلى الممارسة
admin-question-form-heading = أسئلة من مواطنين بلا حساب في الفديفرس
admin-question-form-now-on = تعرض صفحات ممارساتك نموذج أسئلة قصيرًا. تنتظر أسئلته هنا المراجعة دائمًا، أيًّا كان الإعداد أعلاه.
admin-question-form-now-off = لا تعرض صفحات ممارساتك نموذج أسئلة.
admin-question-form-on = أظهر نموذج الأسئلة
admin-question-form-off = أخفِ نموذج الأسئلة
admin-replies-via-form = سؤال من نموذج صفحة الممارسة
admin-replies-a-citizen = مواطن
admin-replies-no-block = (سؤال النموذج ليس له مؤلف في الفديفرس لحظره)
admin-flash-question-form = حُفظ إظهار نموذج الأسئلة أو إخفاؤه.
admin-marker-scheduled = مجدولة: تُنشر في { $date }
