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
featured = مختارة
topic-intro = تابع هذا الموضوع لتعرف بكل ممارسة جديدة تطابق البحث

## Practice pages
read-in = اقرأ باللغة
relayed-by = نُقلت عبر
approved = بموافقة مشرفيها
then = ثم
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
