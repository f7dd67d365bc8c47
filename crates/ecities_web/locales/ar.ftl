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
theme-institutional-development = التطوير المؤسسي وتنمية الموارد البشرية في القطاع العام
theme-e-government = الحكومة الإلكترونية والمتنقلة
theme-citizen-engagement = مشاركة المواطنين في إدارة التنمية
theme-open-government-data = البيانات والخدمات الحكومية المفتوحة
