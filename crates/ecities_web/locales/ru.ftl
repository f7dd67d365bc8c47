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
theme-institutional-development = Институциональное развитие и развитие кадровых ресурсов государственного сектора
theme-e-government = Электронное и мобильное правительство
theme-citizen-engagement = Участие граждан в управлении развитием
theme-open-government-data = Открытые государственные данные и услуги
