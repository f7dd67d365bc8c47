# Текст интерфейса, русский.

## Page frame
language-name = Русский
skip-to-content = Перейти к содержанию
nav-label = Сайт
nav-home = Главная
nav-search = Поиск
nav-analytics = Статистика
nav-members = Участники
nav-topics = Темы
nav-curated = Подборка
nav-about = Об узле
language-switcher = Язык
footer = Часть сети e-Cities · ActivityPub

## Home
intro = Узел сети e-Cities: города делятся передовым опытом и извлечёнными уроками, ассоциации городов распространяют их, а Пространство знаний ООН о государственном управлении собирает их для всего мира.
search-all = Искать все практики
hosted-here = Размещены здесь
published-here = Опубликовано здесь
from-network = Из сети
from-unpaks = От UN-PAKS
nothing-yet = Пока ничего нет.
more = Ещё
widget = Виджет

## Search
search-title = Поиск практик
words = Слова
goal = Цель в области устойчивого развития
any = Любая
country = Страна (код ISO)
region = Регион ООН (код или название)
kind = Тип
language = Язык
search = Найти
result-count = { $count ->
    [one] { $count } результат
    [few] { $count } результата
    [many] { $count } результатов
   *[other] { $count } результата
}
result-count-approx = Более { $count } результатов (для таких частых слов учитываются только самые новые совпадения)
subscribe = Подписаться
older = Более ранние результаты
refine = Уточнить
via = через { $name }
facet-sdg = Цели
facet-region = Регионы
facet-country = Страны
facet-kind = Типы
facet-theme = Темы
facet-language = Языки
facet-association = Ассоциации
facet-actor = Авторы
facet-year = Годы

## Actor pages
members = Участники
no-members = Участников пока нет.
member-city = Город
member-country = Страна
member-since = Участник с
practices = Практики
no-practices = Опубликованных практик пока нет.
portal = Официальный портал
portal-verified-since = подтверждено с { $date }: портал ссылается на этот профиль
verified = подтверждено
featured = Избранное
topic-intro = Подпишитесь на эту тему, чтобы узнавать о каждой новой практике, соответствующей поиску

## Practice pages
read-in = Читать на языке
relayed-by = Распространено
approved = одобрено модераторами
then = затем
chain-written = Автор
chain-approved = Одобрено
chain-featured = Отмечено
updated = обновлено
sdgs = Цели в области устойчивого развития
sdg-number = ЦУР { $number }
themes = Темы
other-languages = Другие языки
problem = Проблема
solution = Решение
results-section = Результаты
lessons = Извлечённые уроки
license = Лицензия
source = Источник
period = Период
documents = Документы
document-untitled = Документ { $format }
size-bytes = { $n } байт
size-kb = { $n } КБ
size-mb = { $n } МБ
kind-best_practice = Передовая практика
kind-lesson_learned = Извлечённый урок
kind-case_study = Тематическое исследование
kind-policy = Политика
kind-event = Мероприятие
kind-publication = Публикация
kind-post = Запись
gone-title = Эта практика удалена
gone-text = Автор удалил её.
gone-on = Удалено

## Widget
widget-empty = Пока ничего не опубликовано.
widget-more = Больше из сети e-Cities

## Analytics
analytics-title = Статистика
practice-count = { $count ->
    [one] { $count } практика
    [few] { $count } практики
    [many] { $count } практик
   *[other] { $count } практики
}
download = Скачать
same-filters = Те же фильтры, что и в поиске
nothing-to-count = Пока нечего считать.
chart-sdg = Практики по ЦУР
chart-region = Практики по регионам ООН
chart-country = Практики по странам
chart-language = Практики по языкам
chart-month = Практики по месяцам

## About
about-title = Об этом узле
about-empty = Оператор ещё не описал этот узел.
about-network = Этот узел входит в сеть e-Cities.

## Даты: «1 декабря 2026 г.» (месяц в родительном падеже)
date-long = { $day } { $month } { $year } г.
month-1 = января
month-2 = февраля
month-3 = марта
month-4 = апреля
month-5 = мая
month-6 = июня
month-7 = июля
month-8 = августа
month-9 = сентября
month-10 = октября
month-11 = ноября
month-12 = декабря

## Администрирование: одноразовые сообщения после формы
flash-published = Опубликовано: { $title }
flash-saved = Сохранено: { $title }
flash-approved = Практика одобрена
flash-rejected = Практика отклонена
flash-replayed = { $count ->
    [0] Нет неудачных доставок для повтора
    [one] { $count } неудачная доставка будет повторена
    [few] { $count } неудачные доставки будут повторены
   *[other] { $count } неудачных доставок будут повторены
}
flash-source-added = Лента добавлена
flash-polled = Лента опрошена: новых { $created }, обновлено { $updated }, удалено { $deleted }
flash-poll-failed = Не удалось прочитать ленту; причина указана рядом с ней.
flash-domain-saved = Правило домена сохранено
flash-domain-removed = Правило домена удалено
flash-node-saved = Профиль узла сохранён
flash-token-created = Новый токен API (показан один раз, скопируйте его сейчас): { $token }
flash-error = Не выполнено: { $reason }

topics-title = Темы
topics-intro = Каждая тема — это сохранённый поиск со своей учётной записью в федиверсе: подпишитесь, чтобы получать каждую найденную им новую практику.
topics-empty = На этом узле пока нет тем.
topics-search = её поиск

## Admin: the workspace's frame and dashboard
admin-title = администрирование ecities
admin-signed-in = Вы вошли как { $login } ({ $role })
admin-public-page = публичная страница
admin-sign-out = Выйти
admin-nav-label = Администрирование
admin-nav-dashboard = Обзор
admin-nav-practices = Практики
admin-nav-write = Написать практику
admin-nav-review = Очередь модерации
admin-nav-feeds = Ленты портала
admin-nav-deliveries = Доставка
admin-nav-follows = Подписчики и подписки
admin-nav-tokens = Токены API
admin-nav-users = Пользователи
admin-nav-settings = Настройки узла
admin-node-dashboard = Этот узел
admin-needs-you = Требует вашего внимания
admin-pending-reviews = { $count ->
    [0] Нет практик на модерации
    [one] { $count } практика ждёт модерации
    [few] { $count } практики ждут модерации
   *[other] { $count } практик ждут модерации
}
admin-failed-deliveries = { $count ->
    [0] Нет неудачных доставок
    [one] { $count } доставка не удалась
    [few] { $count } доставки не удались
   *[other] { $count } доставок не удались
}
admin-feed-errors = { $count ->
    [0] Все ленты портала прочитаны
    [one] { $count } ленту портала не удалось прочитать
    [few] { $count } ленты портала не удалось прочитать
   *[other] { $count } лент портала не удалось прочитать
}
admin-recent-practices = Последние практики
admin-none-yet = Пока ничего нет.
admin-user-count = { $count ->
    [one] { $count } пользователь
    [few] { $count } пользователя
   *[other] { $count } пользователей
}
admin-domain-rule-count = { $count ->
    [0] Нет правил для доменов
    [one] { $count } правило для доменов
    [few] { $count } правила для доменов
   *[other] { $count } правил для доменов
}
# --- records ---
history-link = История версий
history-title = История версий
history-intro = Каждая версия этой практики хранится без изменений, у каждой свой постоянный адрес, на который можно ссылаться.
version-number = Версия { $number }
version-current = текущая
version-of = Версия { $number } от { $date }
version-notice = Вы читаете версию { $number } из { $latest }, сохранённую в том виде, в каком она была опубликована.
version-read-current = Читать текущую версию
version-previous = Предыдущая версия
version-next = Следующая версия
permalink = Постоянная ссылка на эту версию
cite-as = Как цитировать
about-harvest = Сбор практик
about-harvest-text = Библиотеки, репозитории и поисковые системы могут собирать практики, опубликованные на этом узле, вместе с их изменениями и удалениями, по этим стандартным адресам:
# --- network ---
nav-network = Сеть
network-title = Сеть
network-intro = Ассоциации, известные этому узлу, их города-члены по регионам и странам, дата вступления каждого и то, сколько каждый опубликовал.
network-follow-hint = Чтобы подписаться на город или ассоциацию из своей учётной записи в федиверсе, откройте «Подписаться» рядом с ним и введите свой адрес (например, alice@mastodon.example); подтверждение — на вашем сервере.
network-summary = { $associations ->
     [one] { $associations } ассоциация
     [few] { $associations } ассоциации
     [many] { $associations } ассоциаций
    *[other] { $associations } ассоциации
}, { $cities ->
     [one] { $cities } город-член
     [few] { $cities } города-члена
     [many] { $cities } городов-членов
    *[other] { $cities } города-члена
} в { $countries ->
     [one] { $countries } стране
     [few] { $countries } странах
     [many] { $countries } странах
    *[other] { $countries } странах
}.
network-map-title = Города-члены по странам
network-map-note = Страны с городами-членами выделены (чем темнее, тем больше городов); они перечислены в таблице ниже.
network-map-country = { $country }: { $count ->
     [one] { $count } город-член
     [few] { $count } города-члена
     [many] { $count } городов-членов
    *[other] { $count } города-члена
}
network-by-country = Города-члены по странам
network-region = Регион
network-cities = Города-члены
network-associations = Ассоциации
network-local = на этом узле
network-association-shared = { $members ->
     [one] { $members } город-член
     [few] { $members } города-члена
     [many] { $members } городов-членов
    *[other] { $members } города-члена
} · { $relayed ->
     [one] { $relayed } практика распространена
     [few] { $relayed } практики распространены
     [many] { $relayed } практик распространено
    *[other] { $relayed } практики распространено
}
network-region-unknown = Страна не указана
network-joined = Член с
network-shared = Опубликовано
network-practices = { $count ->
     [one] { $count } практика
     [few] { $count } практики
     [many] { $count } практик
    *[other] { $count } практики
}
network-follow = Подписаться
network-follow-button = Подписаться
network-follow-label = Ваш адрес в федиверсе
network-no-members = Этому узлу не известен ни один город-член.
network-empty = Этому узлу пока не известна ни одна ассоциация.
network-json = Те же данные в формате JSON:
network-follow-search = Найдите этот адрес в своём приложении и подпишитесь там:
network-back = Назад к сети
network-follow-no-template = { $host } не сообщает, как подписаться с этого сервера.
network-follow-unknown = Этому узлу не известен такой город или ассоциация.
network-follow-failed = Не удалось начать подписку: { $reason }
# --- searchui ---
sort-label = Порядок
sort-relevance = Сначала наиболее подходящие
sort-newest = Сначала новые
apply-filters = Применить фильтры
filters-applied = Применённые фильтры
remove-filter = Убрать фильтр { $name }
clear-filters = Убрать все фильтры
no-results = Ни одна практика не соответствует этому поиску.
more-results = Ещё результаты
sdg-name-1 = Ликвидация нищеты
sdg-name-2 = Ликвидация голода
sdg-name-3 = Хорошее здоровье и благополучие
sdg-name-4 = Качественное образование
sdg-name-5 = Гендерное равенство
sdg-name-6 = Чистая вода и санитария
sdg-name-7 = Недорогостоящая и чистая энергия
sdg-name-8 = Достойная работа и экономический рост
sdg-name-9 = Индустриализация, инновации и инфраструктура
sdg-name-10 = Уменьшение неравенства
sdg-name-11 = Устойчивые города и населённые пункты
sdg-name-12 = Ответственное потребление и производство
sdg-name-13 = Борьба с изменением климата
sdg-name-14 = Сохранение морских экосистем
sdg-name-15 = Сохранение экосистем суши
sdg-name-16 = Мир, правосудие и эффективные институты
sdg-name-17 = Партнёрство в интересах устойчивого развития

# --- admin2: review, members, curation, topics ---
admin-nav-members = Участники
admin-nav-curation = Подборка
admin-nav-topics = Темы
admin-th-practice = Практика
admin-th-city = Город
admin-th-author = Автор
admin-th-country = Страна
admin-th-date = Опубликована
admin-th-decision = Решение
admin-th-reason = Причина
admin-th-decided = Дата решения
admin-th-state = Состояние
admin-th-joined = Участник с
admin-th-shared = Практик передано
admin-th-actions = Действия
admin-th-topic = Тема
admin-th-handle = Адрес для подписки
admin-th-search = Поиск
admin-th-created = Создана
admin-moderation-heading = Модерация
admin-moderation-now-auto = Практики участников передаются дальше сразу после публикации.
admin-moderation-now-manual = Практики участников ждут здесь одобрения модератора.
admin-moderation-legend = Как передаются практики участников
admin-moderation-auto = Автоматически: сразу передавать каждую практику участника
admin-moderation-manual = Вручную: задерживать каждую практику для проверки
admin-moderation-save = Сохранить режим модерации
admin-review-pending = { $count ->
    [0] Ничего не ждёт проверки
    [one] { $count } практика ждёт проверки
    [few] { $count } практики ждут проверки
   *[other] { $count } практик ждут проверки
}
admin-review-pending-caption = Одобрите, чтобы передать практику подписчикам ассоциации; отклоните с указанием причины — город её увидит.
admin-review-approve = Одобрить
admin-review-approve-named = Одобрить «{ $title }»
admin-review-reason = Причина (город её увидит)
admin-review-reject = Отклонить
admin-review-reject-named = Отклонить «{ $title }»
admin-review-empty = Ничего не ждёт проверки.
admin-review-decided = Последние решения
admin-review-no-decisions = Решений пока нет.
admin-review-decision-approved = Одобрена
admin-review-decision-rejected = Отклонена
admin-members-intro = Города-участники — это города, на которые подписана ассоциация: их практики передаются её подписчикам.
admin-members-invite = Пригласить город
admin-members-handle = Адрес города
admin-members-handle-help = Например, @seoul@cities.example; город на другом сервере принимает приглашение там.
admin-members-invite-button = Пригласить
admin-members-count = { $count ->
    [0] Участников пока нет
    [one] { $count } город-участник
    [few] { $count } города-участника
   *[other] { $count } городов-участников
}
admin-members-none = Пригласите город по его адресу, чтобы передавать его практики.
admin-members-state-accepted = Участник
admin-members-state-pending = Приглашён, ждём ответа
admin-members-state-rejected = Отказался
admin-members-remove = Исключить
admin-members-remove-named = Исключить { $name } из участников
admin-members-remove-title = Исключить { $name } из участников?
admin-members-remove-explain = Ассоциация перестанет следить за этим городом: его новые практики больше не будут передаваться. Уже переданные практики останутся.
admin-members-remove-confirm = Да, исключить участника
admin-members-keep = Отмена
admin-curation-intro = Ищите среди практик, хранящихся на этом узле, и выделяйте лучшие: выделенные практики анонсируются подписчикам этого пространства знаний.
admin-curation-search = Найти практики
admin-curation-search-label = Слова из заголовка, краткого описания или текста
admin-curation-search-button = Искать
admin-curation-no-results = Ничего не найдено.
admin-curation-featured = { $count ->
    [0] Пока ничего не выделено
    [one] { $count } выделенная практика
    [few] { $count } выделенные практики
   *[other] { $count } выделенных практик
}
admin-curation-none = Выделяйте практики из поиска выше.
admin-curation-feature = Выделить
admin-curation-feature-named = Выделить «{ $title }»
admin-curation-unfeature = Снять выделение
admin-curation-unfeature-named = Снять выделение с «{ $title }»
admin-topics-intro = Тема — это сохранённый поиск, на который можно подписаться из любой учётной записи федиверса: она анонсирует каждую новую подходящую практику.
admin-topics-new = Создать тему
admin-topics-name = Имя (её адрес: строчные латинские буквы, цифры, - или _)
admin-topics-name-help = Например, sdg11-korea; потом его нельзя изменить.
admin-topics-title = Название
admin-topics-query = Сохранённый поиск
admin-topics-query-help = Как в адресе страницы поиска, например sdg=11&country=KR или q=buses.
admin-topics-create = Создать тему
admin-topics-count = { $count ->
    [0] Тем пока нет
    [one] { $count } тема
    [few] { $count } темы
   *[other] { $count } тем
}
admin-topics-none = Создайте тему, чтобы на поиск можно было подписаться.
admin-topics-delete = Удалить
admin-topics-delete-named = Удалить тему { $name }
admin-topics-delete-title = Удалить тему { $name }?
admin-topics-delete-explain = Её подписчики перестанут получать анонсы, а её адрес больше никогда не будет использован.
admin-topics-delete-confirm = Да, удалить эту тему
admin-flash-moderation-manual = Теперь модерация ручная: практики участников ждут проверки.
admin-flash-moderation-auto = Теперь модерация автоматическая: практики участников передаются сразу.
admin-flash-member-invited = Приглашение отправлено
admin-flash-member-removed = Участник исключён
admin-flash-featured = Выделено: { $title }
admin-flash-unfeatured = Выделение снято: { $title }
admin-flash-topic-created = Тема создана
admin-flash-topic-deleted = Тема удалена

# --- admin1: the editors' and the operator's admin ---
admin-datetime = { $date }, { $time } UTC
admin-search-words = Слова
admin-kind = Тип
admin-any = любой
admin-language = Язык
admin-languages = Языки
admin-search = Найти
admin-clear-filters = Сбросить фильтры
admin-practice-count = { $count ->
    [one] { $count } практика
    [few] { $count } практики
   *[other] { $count } практик
}
admin-practice-title = Заголовок
admin-status = Состояние
admin-actions = Действия
admin-published-on = Опубликовано { $date }
admin-updated-on = изменено { $date }
admin-approved-by = Одобрено: { $name }
admin-rejected-by = Отклонено: { $name }
admin-pending-at = Ждёт проверки: { $name }
admin-preview = Предпросмотр
admin-edit = Изменить
admin-translations = Переводы
admin-delete = Удалить
admin-remove = Убрать
admin-cancel = Отмена
admin-save = Сохранить
admin-nothing-matches = Ни одна практика не подходит под эти фильтры.
admin-preview-of = Предпросмотр: { $title }
admin-preview-note = Так, как её показывает публичная страница, на каждом языке. Её адрес:
admin-preview-unpublished = Предпросмотр — ещё не опубликовано
admin-preview-language = Предпросмотр: { $lang }
admin-original-language = Язык оригинала: { $lang }
admin-translation-language = Перевод: { $lang }
admin-moderation = Решения ассоциаций
admin-delete-title = Удалить «{ $title }»?
admin-delete-what = Эта практика опубликована { $date }. Удаление:
admin-delete-gone = убирает её с этого узла; её адрес затем отвечает, что её больше нет:
admin-delete-federated = просит каждого подписчика и каждую ассоциацию (Delete в ActivityPub) удалить свои копии;
admin-delete-translations = { $count ->
    [one] удаляет и { $count } перевод;
    [few] удаляет и { $count } перевода;
   *[other] удаляет и { $count } переводов;
}
admin-delete-relayed = { $count ->
    [one] отзывает её из { $count } ассоциации, которая её распространила;
   *[other] отзывает её из { $count } ассоциаций, которые её распространили;
}
admin-delete-final = нельзя отменить.
admin-delete-confirm = Удалить практику
admin-translations-of = Переводы: { $title }
admin-no-translations = Переводов пока нет.
admin-attachments = Изображения и документы
admin-attachment-file = Файл
admin-attachment-alt = Альтернативный текст
admin-attachment-alt-hint = Обязателен для изображения: опишите, что на нём, для тех, кто не может его увидеть. Для документа — его название.
admin-attachment-caption = Подпись
admin-attachment-size = Размер (байт)
admin-attachment-add = Прикрепить файл
admin-no-attachments = Изображений и документов пока нет.
admin-translation-add = Добавить перевод
admin-translation-edit = Изменить перевод ({ $lang })
admin-not-saved = Не сохранено:
admin-practice-not-saved = Практика не сохранена:
admin-language-tag = Язык (код, например en, ru, ko)
admin-summary = Краткое описание
admin-text-markdown = Текст (Markdown)
admin-edit-practice = Изменить практику
admin-write-practice = Написать практику
admin-sdgs-field = Цели устойчивого развития (номера через запятую)
admin-country-code = Страна (две буквы)
admin-sections-optional = Разделы (необязательно)
admin-themes-field = Темы (через запятую)
admin-links-field = Ссылки (по одной в строке)
admin-period-from = Период с
admin-period-to = по
admin-portal-page = Страница на нашем портале
admin-translation-optional = Перевод (необязательно)
admin-save-changes = Сохранить изменения
admin-publish = Опубликовать
admin-flash-deleted = Удалено: { $title }
admin-flash-translation-saved = Перевод сохранён: { $title }
admin-flash-translation-removed = Перевод удалён: { $title }
admin-flash-mapping-saved = Соответствия ленты сохранены
admin-flash-source-removed = Лента удалена
admin-flash-token-revoked = Токен отозван: он больше не действует
admin-flash-user-created = Пользователь создан
admin-flash-user-removed = Пользователь удалён
admin-feed-state-ok = Прочитана без ошибок
admin-feed-state-error = Последнее чтение не удалось
admin-feed-state-new = Ещё не читалась
admin-feed-imported = { $count ->
    [one] импортирован { $count } элемент
    [few] импортировано { $count } элемента
   *[other] импортировано { $count } элементов
}
admin-feed-last-poll = последнее чтение { $date }
admin-feed-last-error = Ошибка { $date }:
admin-feed-last-success = Последнее успешное чтение { $date }
admin-feed-poll = Прочитать сейчас
admin-feed-edit-mapping = Изменить соответствия
admin-feed-mapping = Что означают её категории
admin-feed-defaults = По умолчанию
admin-feed-sdgs = ЦУР
admin-feed-themes = Темы
admin-feed-category = Категория
admin-feed-no-rules = Правил для категорий нет: ЦУР берутся из категорий вида «SDG 11».
admin-feed-add = Добавить ленту
admin-feed-url = Адрес ленты (RSS, Atom или JSON Feed)
admin-feed-add-button = Добавить
admin-feed-mapping-of = Соответствия для { $url }
admin-feed-mapping-help = Значения по умолчанию применяются к каждому элементу; категория элемента добавляет ЦУР и темы своего правила и может задать тип. Элементы меняются при следующем обновлении в ленте.
admin-feed-rules = Правила для категорий
admin-feed-rules-help = Оставьте категорию пустой, чтобы удалить её правило; ЦУР и темы — через запятую.
admin-feed-remove-title = Удалить ленту { $url }?
admin-feed-remove-what = { $count ->
    [one] Узел перестанет её читать. { $count } импортированная практика останется опубликованной; при необходимости удалите её в списке практик.
   *[other] Узел перестанет её читать. Импортированные практики ({ $count }) останутся опубликованными; при необходимости удалите их в списке практик.
}
admin-feed-remove-confirm = Удалить ленту
admin-deliveries-help = Что отправил этот участник, от новых к старым, и кому. Время указано в UTC.
admin-deliveries-failed = { $count ->
    [0] Ни одна доставка не провалилась.
    [one] { $count } доставка не удалась.
    [few] { $count } доставки не удались.
   *[other] { $count } доставок не удались.
}
admin-deliveries-retry = Повторить неудачные доставки
admin-deliveries-summary = получателей: { $count }; доставлено: { $delivered }, не удалось: { $failed }
admin-deliveries-none = Пока ничего не отправлено.
admin-delivery-recipient = Входящий ящик получателя
admin-delivery-attempts = Попытки
admin-delivery-next = Следующая попытка
admin-delivery-last-error = Последняя ошибка
admin-delivery-delivered = доставлено
admin-delivery-failed = не удалось
admin-delivery-retrying = будет повтор
admin-delivery-queued = в очереди
admin-tokens-help = Токен позволяет программе (вашему порталу, скрипту) работать с REST API в определённой роли. Он показывается один раз, при создании; отзывайте токены, которыми больше не пользуетесь.
admin-tokens-none = Токенов пока нет.
admin-token-label = Метка
admin-token-scope = Права
admin-token-created = Создан
admin-token-used = Последнее использование
admin-token-never-used = никогда
admin-token-no-label = (без метки)
admin-token-revoke = Отозвать
admin-token-create = Создать токен
admin-token-create-button = Создать токен
admin-scope-read = только чтение
admin-scope-write = чтение и запись
admin-role = Роль
admin-role-operator = оператор узла
admin-role-editor-of = редактор @{ $handle }
admin-role-moderator-of = модератор @{ $handle }
admin-login = Логин
admin-password = Пароль (не менее 10 символов)
admin-user-you = вы
admin-user-create = Добавить пользователя
admin-user-create-button = Добавить
admin-users-cli = Пользователей можно добавлять и из командной строки сервера:
admin-node-profile = Название и описание узла
admin-node-name = Название (в шапке и заголовке каждой страницы; если пусто — имя хоста)
admin-node-description = Описание (страница «О узле»; пустая строка начинает абзац)
admin-node-logo = Логотип (адрес https:// или путь на этом узле)
admin-domains = Заблокированные и разрешённые домены (весь узел)
admin-allowlist-on = Режим белого списка включён: узел общается только с разрешёнными доменами.
admin-allowlist-off = Режим белого списка выключен: узел общается с любым незаблокированным доменом.
admin-allowlist-where = Он задаётся в файле конфигурации:
admin-domain = Домен
admin-domain-rule = Правило
admin-domain-note = Примечание
admin-domain-block = блокировать
admin-domain-allow = разрешить
admin-domains-none = Правил для доменов пока нет.
admin-domains-configured = Также задано в файле конфигурации:
admin-followers = Подписчики
admin-following = Подписки
admin-followers-none = Подписчиков пока нет.
admin-following-none = Подписок пока нет; подпишитесь через API:
admin-follow-accepted = принята
admin-follow-pending = ждёт подтверждения
admin-follow-rejected = отклонена
admin-signin = Войти
admin-signin-password = Пароль
admin-signin-accounts = Учётные записи создаёт оператор узла — в администрировании или из командной строки:
admin-signin-expired = Срок действия формы истёк; войдите снова.
admin-signin-wrong = Неверный логин или пароль.
admin-signin-throttled-seconds = Слишком много попыток входа. Подождите { $count } с и попробуйте снова.
admin-signin-throttled-minutes = Слишком много попыток входа. Подождите { $count } мин и попробуйте снова.
admin-signin-busy-seconds = Сервер занят. Попробуйте снова через { $count } с.
admin-signin-busy-minutes = Сервер занят. Попробуйте снова через { $count } мин.
admin-role-editor = редактор
admin-role-moderator = модератор
admin-kind-city = город
admin-kind-association = ассоциация
admin-kind-knowledge-space = пространство знаний
theme-institutional-development = Институциональное развитие и развитие кадровых ресурсов государственного сектора
theme-e-government = Электронное и мобильное правительство
theme-citizen-engagement = Участие граждан в управлении развитием
theme-open-government-data = Открытые государственные данные и услуги

# --- follow requests in the admin ---
admin-follow-requests = Запросы на подписку
admin-follow-requests-none = Нет ожидающих запросов на подписку.
admin-follow-approval = Новые подписчики
admin-follow-approval-auto = Принимать каждого подписчика сразу
admin-follow-approval-manual = Редактор одобряет каждого подписчика
admin-follow-approval-save = Сохранить
admin-follow-request-who = Кто просит
admin-follow-request-since = Дата запроса
admin-follow-request-decide = Решение
admin-follow-accept = Принять
admin-follow-reject = Отклонить
admin-flash-follow-approval-manual = Новые подписчики теперь ждут одобрения редактора
admin-flash-follow-approval-auto = Каждый новый подписчик теперь принимается сразу (ожидавшие запросы приняты)
admin-flash-follow-accepted = Запрос на подписку принят
admin-flash-follow-rejected = Запрос на подписку отклонён

# Заимствование и отклики (issue 22)
adapted-from = Адаптировано из
adopted-by = Заимствовано
admin-engagement = Отметки и репосты
admin-likes = Отметки «нравится»: { $count }
admin-boosts = Репосты: { $count }
analytics-adoptions = Заимствования: кто у кого учился
analytics-adoptions-total = Заимствования: { $count }
analytics-adoption-map-title = Карта заимствований между странами
analytics-adoption-map-note = Каждая стрелка идёт от страны, чью практику заимствовали, к стране, которая её заимствовала; таблица ниже говорит то же самое.
analytics-adoption-map-country = { $country }: её практики, заимствованные в других странах: { $outward }; практики других стран, заимствованные здесь: { $inward }
analytics-adoption-flows = Заимствования между странами (страна, которая заимствовала ← страна происхождения)
analytics-flow = Направление
analytics-flow-to = Заимствовано в
analytics-flow-from = Источник
analytics-count = Заимствования
analytics-most-adopted = Самые заимствуемые практики
analytics-engagement = Отметки и репосты из федиверса
analytics-engagement-top = Практики этого узла с наибольшим числом отметок и репостов
analytics-likes = Отметки «нравится»
analytics-boosts = Репосты
analytics-practice = Практика
admin-adopted-from-field = Адаптировано из (адреса практик, по одному в строке)
admin-adopted-from-hint = Практики других городов, которые адаптирует эта; их авторы получат уведомление, а на их страницах будет видно, что вы их заимствовали.
# Conversation under a practice (issue 22)
conversation = Обсуждение
conversation-author = автор
conversation-empty = Ответов пока нет.
conversation-how = Ответьте на эту практику из любой учётной записи федиверса (Mastodon, GoToSocial, …); ответы появляются здесь после того, как их прочтёт публикатор.

# Association attestation: memberships the association confirms (issue 18)
membership-of = член объединения
membership-since = с { $date }, по списку объединения
# Places and goals beyond a country and the SDGs: the world, MDGs, period years, related practices (issue 17)
mdgs = Цели развития тысячелетия
mdg-number = ЦРТ { $number }
mdg-name-1 = Ликвидация крайней нищеты и голода
mdg-name-2 = Обеспечение всеобщего начального образования
mdg-name-3 = Поощрение равенства мужчин и женщин и расширение прав и возможностей женщин
mdg-name-4 = Сокращение детской смертности
mdg-name-5 = Улучшение охраны материнства
mdg-name-6 = Борьба с ВИЧ/СПИДом, малярией и другими заболеваниями
mdg-name-7 = Обеспечение экологической устойчивости
mdg-name-8 = Формирование глобального партнерства в целях развития
facet-mdg = Цели развития тысячелетия
facet-period = Годы реализации
place-world = Мир
related = Похожие практики
# Audiences and embargo (issue 19)
admin-audience-legend = Аудитория и дата публикации
admin-audience-field = Для кого
admin-audience-public = Для всех (публично)
admin-audience-followers = Только подписчики
admin-audience-named = Только указанные ниже участники
admin-audience-actors = Участники (по одному URL в строке)
admin-publish-at = Опубликовать (UTC)
admin-publish-at-hint = Оставьте пустым, чтобы опубликовать сейчас. До этого времени практика никому не отправляется и нигде не показывается; её можно изменить или удалить.
# Translation workflow: how each language was made (issue 19)
translation-original = оригинал
translation-human = перевод человеком
translation-machine = машинный перевод ({ $engine })
translation-by = автор: { $who }
admin-translation-made = Как сделан
admin-translation-requests = Запрошены ассоциациями и пространствами знаний
admin-translation-request-done = выполнено
# Admin reply queue, edits and deletions of replies (issue 22)
admin-nav-replies = Ответы
admin-replies-policy-heading = Как принимаются ответы
admin-replies-now-open = Ответы на ваши практики показываются сразу.
admin-replies-now-moderated = Ответы на ваши практики ждут здесь, пока редактор или модератор их не одобрит.
admin-replies-now-closed = Ответы на ваши практики не сохраняются.
admin-replies-policy-legend = Ответы из федиверса
admin-replies-open = Открыто: показывать каждый ответ сразу
admin-replies-moderated = С модерацией: каждый ответ ждёт одобрения
admin-replies-closed = Закрыто: не сохранять ответы
admin-replies-policy-save = Сохранить, как принимаются ответы
admin-replies-pending = { $count ->
    [0] Ни один ответ не ждёт решения
    [one] Один ответ ждёт решения
   *[other] Ответов, ждущих решения: { $count }
}
admin-replies-about = о практике
admin-replies-approve = Одобрить
admin-replies-approve-named = Одобрить ответ { $name }
admin-replies-reject = Отклонить
admin-replies-reject-named = Отклонить ответ { $name }
admin-replies-block = Отклонить и заблокировать автора
admin-replies-block-named = Отклонить ответ { $name } и заблокировать автора
admin-replies-empty = Решать нечего.
admin-replies-approved = Одобренные ответы
admin-replies-answer-label = Ваш ответ для { $name }
admin-replies-answer = Опубликовать ответ
admin-replies-answer-named = Опубликовать ответ для { $name }
admin-replies-none-approved = Одобренных ответов пока нет.
admin-replies-answers = Ваши ответы
admin-replies-delete = Удалить ответ
admin-replies-delete-named = Удалить ответ от { $date }
admin-replies-no-answers = Ваших ответов пока нет.
admin-flash-replies-policy = Способ приёма ответов сохранён.
admin-flash-reply-approved = Ответ одобрен: он показан и передан дальше.
admin-flash-reply-rejected = Ответ отклонён.
admin-flash-reply-blocked = Ответ отклонён; автор заблокирован.
admin-flash-answer-published = Ответ опубликован.
admin-flash-answer-deleted = Ответ удалён.

# Practice form: place and MDGs; the associations the actor belongs to
admin-mdgs-field = Цели развития тысячелетия (номера 1–8 через запятую; для материалов 2000–2015 годов)
admin-mdgs-hint = Цели:
admin-place-legend = Место
admin-place-hint = Страна или вместо неё регион ООН либо весь мир (тогда оставьте страну пустой).
admin-region-field = Регион ООН вместо страны
admin-region-none = Нет: страна выше
admin-memberships = Ассоциации, в которые мы входим
admin-memberships-intro = Укажите ассоциации городов, членом которых является этот актор. Членство появляется в публичном профиле, когда его подтверждает коллекция членов ассоциации; узел регулярно проверяет.
admin-membership-association = Ассоциация
admin-membership-result = Последняя проверка
admin-membership-checked = Проверено
admin-membership-confirmed = Подтверждено: член с
admin-membership-not-listed = Не подтверждено: ассоциация нас не указывает
admin-membership-unchecked = Ещё не проверено
admin-memberships-none = Ассоциации пока не указаны.
admin-member-of-field = URL акторов ассоциаций
admin-member-of-hint = По одному в строке, например https://cities.example.org/actors/association (не более 20). Оставьте пустым, чтобы не указывать ни одной.
admin-memberships-save = Сохранить ассоциации
admin-flash-memberships-saved = Ассоциации сохранены; каждая появится, когда подтвердит членство.
# Форма вопросов граждан (issue 22)
conversation-citizen = Вопрос от { $name }, заданный на этой странице
conversation-citizen-anonymous = Вопрос гражданина, заданный на этой странице
ask-heading = Задать вопрос
ask-pending = Спасибо: ваш вопрос ожидает модерации. Он появится на этой странице, когда его прочтёт редактор.
ask-privacy = Учётная запись не нужна. После одобрения редактором ваш вопрос и указанное вами имя (необязательно) публикуются здесь и передаются серверам, подписанным на этого издателя. Больше ничего не хранится: ни e-mail, ни учётной записи; ваш сетевой адрес лишь учитывается в памяти в течение часа, чтобы ограничить злоупотребления.
ask-question-label = Ваш вопрос
ask-question-help = Простой текст, не более { $max } символов.
ask-name-label = Ваше имя (необязательно)
ask-honeypot-label = Оставьте это поле пустым
ask-send = Отправить вопрос
ask-refused-title = Ваш вопрос не отправлен
ask-refused-rate = С вашего адреса отправлено слишком много вопросов. Попробуйте позже.
ask-refused-off = Эта практика не принимает вопросы через свою страницу.
ask-refused-input = Вопрос не удалось принять. Что не так:
ask-refused-back = Вернуться к практике
admin-question-form-heading = Вопросы граждан без учётной записи в федиверсе
admin-question-form-now-on = Страницы ваших практик показывают короткую форму вопросов. Её вопросы всегда ждут здесь модерации, независимо от настройки выше.
admin-question-form-now-off = Страницы ваших практик не показывают форму вопросов.
admin-question-form-on = Показать форму вопросов
admin-question-form-off = Скрыть форму вопросов
admin-replies-via-form = Вопрос из формы на странице практики
admin-replies-a-citizen = гражданин
admin-replies-no-block = (у вопроса из формы нет автора в федиверсе, которого можно заблокировать)
admin-flash-question-form = Настройка формы вопросов сохранена.
admin-marker-scheduled = Запланировано: публикация { $date }
