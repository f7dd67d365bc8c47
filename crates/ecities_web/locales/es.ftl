# Texto de la interfaz, español.

## Page frame
language-name = Español
skip-to-content = Ir al contenido
nav-label = Sitio
nav-home = Inicio
nav-search = Buscar
nav-analytics = Estadísticas
nav-members = Miembros
nav-topics = Temas
nav-curated = Selección
nav-about = Acerca de
language-switcher = Idioma
footer = Parte de la Red e-Cities · ActivityPub

## Home
intro = Un nodo de la Red e-Cities: las ciudades comparten buenas prácticas y lecciones aprendidas, las asociaciones de ciudades las difunden y el Espacio de Conocimiento sobre Administración Pública de las Naciones Unidas las reúne para todo el mundo.
search-all = Buscar todas las prácticas
hosted-here = Alojados aquí
published-here = Publicado aquí
from-network = De la red
from-unpaks = De UN-PAKS
nothing-yet = Nada todavía.
more = Más
widget = Widget

## Search
search-title = Buscar prácticas
words = Palabras
goal = Objetivo de Desarrollo Sostenible
any = Todos
country = País (código ISO)
region = Región de la ONU (código o nombre)
kind = Tipo
language = Idioma
search = Buscar
result-count = { $count ->
    [one] { $count } resultado
   *[other] { $count } resultados
}
result-count-approx = { $count }+ resultados (con palabras tan frecuentes solo se cuentan las coincidencias más recientes)
subscribe = Suscribirse
older = Resultados anteriores
refine = Refinar
via = vía { $name }
facet-sdg = Objetivos
facet-region = Regiones
facet-country = Países
facet-kind = Tipos
facet-theme = Temas
facet-language = Idiomas
facet-association = Asociaciones
facet-actor = Autores
facet-year = Años

## Actor pages
members = Miembros
no-members = Todavía no hay miembros.
member-city = Ciudad
member-country = País
member-since = Miembro desde
practices = Prácticas
no-practices = Todavía no se han publicado prácticas.
portal = Portal oficial
featured = Destacados
topic-intro = Siga este tema para conocer cada nueva práctica que coincida con la búsqueda

## Practice pages
read-in = Leer en
relayed-by = Difundido por
approved = aprobado por sus moderadores
then = luego
updated = actualizado
sdgs = Objetivos de Desarrollo Sostenible
sdg-number = ODS { $number }
themes = Temas
other-languages = Otros idiomas
problem = Problema
solution = Solución
results-section = Resultados
lessons = Lecciones aprendidas
license = Licencia
source = Fuente
period = Período
kind-best_practice = Buena práctica
kind-lesson_learned = Lección aprendida
kind-case_study = Estudio de caso
kind-policy = Política
kind-event = Evento
kind-publication = Publicación
kind-post = Publicación breve
gone-title = Esta práctica fue eliminada
gone-text = Su autor la retiró.
gone-on = Eliminada el

## Widget
widget-empty = Nada publicado todavía.
widget-more = Más de la Red e-Cities

## Analytics
analytics-title = Estadísticas
practice-count = { $count ->
    [one] { $count } práctica
   *[other] { $count } prácticas
}
download = Descargar
same-filters = Los mismos filtros que la búsqueda
nothing-to-count = Nada que contar todavía.
chart-sdg = Prácticas por ODS
chart-region = Prácticas por región de la ONU
chart-country = Prácticas por país
chart-language = Prácticas por idioma
chart-month = Prácticas por mes

## About
about-title = Acerca de este nodo
about-empty = El operador aún no ha descrito este nodo.
about-network = Este nodo forma parte de la Red e-Cities.

## Fechas: «1 de diciembre de 2026»
date-long = { $day } de { $month } de { $year }
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre

## Administración: mensajes de una sola vez tras un formulario
flash-published = Publicada: { $title }
flash-saved = Guardada: { $title }
flash-approved = Práctica aprobada
flash-rejected = Práctica rechazada
flash-replayed = { $count ->
    [0] No hay entregas fallidas que reintentar
    [one] Se reintentará una entrega fallida
   *[other] Se reintentarán { $count } entregas fallidas
}
flash-source-added = Fuente añadida
flash-polled = Fuente consultada: { $created } nuevas, { $updated } actualizadas, { $deleted } eliminadas
flash-poll-failed = No se pudo leer la fuente; el motivo se muestra junto a ella.
flash-domain-saved = Regla de dominio guardada
flash-domain-removed = Regla de dominio eliminada
flash-node-saved = Perfil del nodo guardado
flash-token-created = Nuevo token de API (se muestra una sola vez, cópielo ahora): { $token }
flash-error = No realizado: { $reason }

topics-title = Temas
topics-intro = Cada tema es una búsqueda guardada con su propia cuenta en el fediverso: síguelo para recibir cada nueva práctica que encuentre.
topics-empty = Este nodo aún no tiene temas.
topics-search = su búsqueda

# --- searchui ---
sort-label = Orden
sort-relevance = Más pertinentes primero
sort-newest = Más recientes primero
apply-filters = Aplicar filtros
filters-applied = Filtros aplicados
remove-filter = Quitar el filtro { $name }
clear-filters = Quitar todos los filtros
no-results = Ninguna práctica coincide con esta búsqueda.
more-results = Más resultados
sdg-name-1 = Fin de la pobreza
sdg-name-2 = Hambre cero
sdg-name-3 = Salud y bienestar
sdg-name-4 = Educación de calidad
sdg-name-5 = Igualdad de género
sdg-name-6 = Agua limpia y saneamiento
sdg-name-7 = Energía asequible y no contaminante
sdg-name-8 = Trabajo decente y crecimiento económico
sdg-name-9 = Industria, innovación e infraestructura
sdg-name-10 = Reducción de las desigualdades
sdg-name-11 = Ciudades y comunidades sostenibles
sdg-name-12 = Producción y consumo responsables
sdg-name-13 = Acción por el clima
sdg-name-14 = Vida submarina
sdg-name-15 = Vida de ecosistemas terrestres
sdg-name-16 = Paz, justicia e instituciones sólidas
sdg-name-17 = Alianzas para lograr los objetivos
theme-institutional-development = Desarrollo institucional y de recursos humanos del sector público
theme-e-government = Gobierno electrónico y móvil
theme-citizen-engagement = Participación ciudadana en la gestión del desarrollo
theme-open-government-data = Datos y servicios de gobierno abierto
