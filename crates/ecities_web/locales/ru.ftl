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
featured = Избранное
topic-intro = Подпишитесь на эту тему, чтобы узнавать о каждой новой практике, соответствующей поиску

## Practice pages
read-in = Читать на языке
relayed-by = Распространено
approved = одобрено модераторами
then = затем
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
