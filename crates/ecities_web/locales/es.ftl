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
portal-verified-since = verificado desde el { $date }: el portal enlaza con este perfil
verified = verificado
featured = Destacados
topic-intro = Siga este tema para conocer cada nueva práctica que coincida con la búsqueda

## Practice pages
read-in = Leer en
relayed-by = Difundido por
approved = aprobado por sus moderadores
then = luego
chain-written = Escrito por
chain-approved = Aprobado por
chain-featured = Destacado por
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
documents = Documentos
document-untitled = Documento { $format }
size-bytes = { $n } bytes
size-kb = { $n } kB
size-mb = { $n } MB
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

## Admin: the workspace's frame and dashboard
admin-title = administración de ecities
admin-signed-in = Sesión iniciada como { $login } ({ $role })
admin-public-page = página pública
admin-sign-out = Cerrar sesión
admin-nav-label = Administración
admin-nav-dashboard = Panel
admin-nav-practices = Prácticas
admin-nav-write = Escribir una práctica
admin-nav-review = Cola de revisión
admin-nav-feeds = Fuentes del portal
admin-nav-deliveries = Envíos
admin-nav-follows = Seguidores y seguidos
admin-nav-tokens = Tokens de API
admin-nav-users = Usuarios
admin-nav-settings = Ajustes del nodo
admin-node-dashboard = Este nodo
admin-needs-you = Lo que le espera
admin-pending-reviews = { $count ->
    [0] Ninguna práctica espera revisión
    [one] Una práctica espera revisión
   *[other] { $count } prácticas esperan revisión
}
admin-failed-deliveries = { $count ->
    [0] Ningún envío fallido
    [one] Un envío falló
   *[other] { $count } envíos fallaron
}
admin-feed-errors = { $count ->
    [0] Se leyeron todas las fuentes del portal
    [one] No se pudo leer una fuente del portal
   *[other] No se pudieron leer { $count } fuentes del portal
}
admin-recent-practices = Últimas prácticas
admin-none-yet = Nada todavía.
admin-user-count = { $count ->
    [one] Un usuario
   *[other] { $count } usuarios
}
admin-domain-rule-count = { $count ->
    [0] Ninguna regla de dominio
    [one] Una regla de dominio
   *[other] { $count } reglas de dominio
}
# --- records ---
history-link = Historial de versiones
history-title = Historial de versiones
history-intro = Cada versión de esta práctica se conserva sin cambios, cada una en su propia dirección permanente, que puede citarse.
version-number = Versión { $number }
version-current = actual
version-of = Versión { $number } del { $date }
version-notice = Está leyendo la versión { $number } de { $latest }, conservada tal como se publicó.
version-read-current = Leer la versión actual
version-previous = Versión anterior
version-next = Versión siguiente
permalink = Enlace permanente a esta versión
cite-as = Cómo citar
about-harvest = Recolectar estas prácticas
about-harvest-text = Bibliotecas, repositorios y buscadores pueden recolectar las prácticas publicadas en este nodo, con sus cambios y eliminaciones, en estas direcciones estándar:
# --- network ---
nav-network = Red
network-title = La red
network-intro = Las asociaciones que conoce este nodo, sus ciudades miembro por región y país, cuándo se unió cada una y cuánto compartió.
network-follow-hint = Para seguir a una ciudad o asociación desde su cuenta del fediverso, abra «Seguir» junto a ella y escriba su dirección (por ejemplo alice@mastodon.example); la confirmación se hace en su propio servidor.
network-summary = { $associations ->
     [one] 1 asociación
    *[other] { $associations } asociaciones
}, { $cities ->
     [one] 1 ciudad miembro
    *[other] { $cities } ciudades miembro
} en { $countries ->
     [one] 1 país
    *[other] { $countries } países
}.
network-map-title = Ciudades miembro por país
network-map-note = Los países con ciudades miembro aparecen resaltados (más oscuro: más ciudades); la tabla de abajo las enumera.
network-map-country = { $country }: { $count ->
     [one] 1 ciudad miembro
    *[other] { $count } ciudades miembro
}
network-by-country = Ciudades miembro por país
network-region = Región
network-cities = Ciudades miembro
network-associations = Asociaciones
network-local = en este nodo
network-association-shared = { $members ->
     [one] 1 ciudad miembro
    *[other] { $members } ciudades miembro
} · { $relayed ->
     [one] 1 práctica difundida
    *[other] { $relayed } prácticas difundidas
}
network-region-unknown = País no indicado
network-joined = Miembro desde
network-shared = Compartido
network-practices = { $count ->
     [one] 1 práctica
    *[other] { $count } prácticas
}
network-follow = Seguir
network-follow-button = Seguir
network-follow-label = Su dirección en el fediverso
network-no-members = Este nodo no conoce ninguna ciudad miembro.
network-empty = Este nodo aún no conoce ninguna asociación.
network-json = Los mismos datos en JSON:
network-follow-search = Busque esta dirección en su aplicación y sígala desde allí:
network-back = Volver a la red
network-follow-no-template = { $host } no indica cómo seguir desde ese servidor.
network-follow-unknown = Este nodo no conoce esa ciudad o asociación.
network-follow-failed = No se pudo iniciar el seguimiento: { $reason }
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

# --- admin2: review, members, curation, topics ---
admin-nav-members = Miembros
admin-nav-curation = Curaduría
admin-nav-topics = Temas
admin-th-practice = Práctica
admin-th-city = Ciudad
admin-th-author = Autor
admin-th-country = País
admin-th-date = Publicada
admin-th-decision = Decisión
admin-th-reason = Motivo
admin-th-decided = Decidida
admin-th-state = Estado
admin-th-joined = Miembro desde
admin-th-shared = Prácticas compartidas
admin-th-actions = Acciones
admin-th-topic = Tema
admin-th-handle = Identificador para seguir
admin-th-search = Búsqueda
admin-th-created = Creado
admin-moderation-heading = Moderación
admin-moderation-now-auto = Las prácticas de los miembros se difunden en cuanto se publican.
admin-moderation-now-manual = Las prácticas de los miembros esperan aquí hasta que un moderador las apruebe.
admin-moderation-legend = Cómo se difunden las prácticas de los miembros
admin-moderation-auto = Automáticamente: difundir enseguida cada práctica de un miembro
admin-moderation-manual = Manualmente: retener cada práctica para revisión
admin-moderation-save = Guardar el modo de moderación
admin-review-pending = { $count ->
    [0] No hay nada pendiente de revisión
    [one] Una práctica espera revisión
   *[other] { $count } prácticas esperan revisión
}
admin-review-pending-caption = Apruebe para difundir una práctica a los seguidores de la asociación; rechace con un motivo, que la ciudad verá.
admin-review-approve = Aprobar
admin-review-approve-named = Aprobar «{ $title }»
admin-review-reason = Motivo (la ciudad lo verá)
admin-review-reject = Rechazar
admin-review-reject-named = Rechazar «{ $title }»
admin-review-empty = No hay nada pendiente de revisión.
admin-review-decided = Decisiones recientes
admin-review-no-decisions = Aún no hay decisiones.
admin-review-decision-approved = Aprobada
admin-review-decision-rejected = Rechazada
admin-members-intro = Las ciudades miembro son las que sigue esta asociación: sus prácticas se difunden a sus seguidores.
admin-members-invite = Invitar a una ciudad
admin-members-handle = El identificador de la ciudad
admin-members-handle-help = Por ejemplo @seoul@ciudades.example; una ciudad alojada en otro servidor acepta allí la invitación.
admin-members-invite-button = Invitar
admin-members-count = { $count ->
    [0] Aún no hay miembros
    [one] Una ciudad miembro
   *[other] { $count } ciudades miembro
}
admin-members-none = Invite a una ciudad por su identificador para difundir sus prácticas.
admin-members-state-accepted = Miembro
admin-members-state-pending = Invitada, esperando respuesta
admin-members-state-rejected = Rechazó la invitación
admin-members-remove = Quitar
admin-members-remove-named = Quitar a { $name } de los miembros
admin-members-remove-title = ¿Quitar a { $name } de los miembros?
admin-members-remove-explain = La asociación deja de seguir a esta ciudad: sus nuevas prácticas ya no se difunden. Las prácticas ya difundidas se mantienen.
admin-members-remove-confirm = Sí, quitar a este miembro
admin-members-keep = Cancelar
admin-curation-intro = Busque entre las prácticas que guarda este nodo y destaque las mejores: las prácticas destacadas se anuncian a los seguidores de este espacio de conocimiento.
admin-curation-search = Buscar prácticas
admin-curation-search-label = Palabras del título, el resumen o el texto
admin-curation-search-button = Buscar
admin-curation-no-results = Ninguna práctica coincide.
admin-curation-featured = { $count ->
    [0] Aún no hay nada destacado
    [one] Una práctica destacada
   *[other] { $count } prácticas destacadas
}
admin-curation-none = Destaque prácticas desde la búsqueda de arriba.
admin-curation-feature = Destacar
admin-curation-feature-named = Destacar «{ $title }»
admin-curation-unfeature = Dejar de destacar
admin-curation-unfeature-named = Dejar de destacar «{ $title }»
admin-topics-intro = Un tema es una búsqueda guardada que se sigue desde cualquier cuenta del fediverso: anuncia cada nueva práctica que coincide.
admin-topics-new = Crear un tema
admin-topics-name = Nombre (su identificador: minúsculas, cifras, - o _)
admin-topics-name-help = Por ejemplo ods11-corea; no se puede cambiar después.
admin-topics-title = Título
admin-topics-query = Búsqueda guardada
admin-topics-query-help = Como en la dirección de una búsqueda, por ejemplo sdg=11&country=KR o q=autobuses.
admin-topics-create = Crear el tema
admin-topics-count = { $count ->
    [0] Aún no hay temas
    [one] Un tema
   *[other] { $count } temas
}
admin-topics-none = Cree un tema para que se pueda seguir una búsqueda.
admin-topics-delete = Eliminar
admin-topics-delete-named = Eliminar el tema { $name }
admin-topics-delete-title = ¿Eliminar el tema { $name }?
admin-topics-delete-explain = Sus seguidores dejarán de recibir sus anuncios y su identificador no se volverá a usar.
admin-topics-delete-confirm = Sí, eliminar este tema
admin-flash-moderation-manual = La moderación ahora es manual: las prácticas de los miembros esperan revisión.
admin-flash-moderation-auto = La moderación ahora es automática: las prácticas de los miembros se difunden enseguida.
admin-flash-member-invited = Invitación enviada
admin-flash-member-removed = Miembro quitado
admin-flash-featured = Destacada: { $title }
admin-flash-unfeatured = Ya no está destacada: { $title }
admin-flash-topic-created = Tema creado
admin-flash-topic-deleted = Tema eliminado

# --- admin1: the editors' and the operator's admin ---
admin-datetime = { $date }, { $time } UTC
admin-search-words = Palabras
admin-kind = Tipo
admin-any = todos
admin-language = Idioma
admin-languages = Idiomas
admin-search = Buscar
admin-clear-filters = Quitar los filtros
admin-practice-count = { $count ->
    [one] Una práctica
   *[other] { $count } prácticas
}
admin-practice-title = Título
admin-status = Estado
admin-actions = Acciones
admin-published-on = Publicada el { $date }
admin-updated-on = modificada el { $date }
admin-approved-by = Aprobada por { $name }
admin-rejected-by = Rechazada por { $name }
admin-pending-at = Pendiente de revisión por { $name }
admin-preview = Vista previa
admin-edit = Editar
admin-translations = Traducciones
admin-delete = Eliminar
admin-remove = Quitar
admin-cancel = Cancelar
admin-save = Guardar
admin-nothing-matches = Ninguna práctica coincide con estos filtros.
admin-preview-of = Vista previa: { $title }
admin-preview-note = Tal como la muestra su página pública, en cada idioma. Su dirección:
admin-preview-unpublished = Vista previa — aún no publicada
admin-preview-language = Vista previa en { $lang }
admin-original-language = Idioma original: { $lang }
admin-translation-language = Traducción: { $lang }
admin-moderation = Lo que decidieron las asociaciones
admin-delete-title = ¿Eliminar «{ $title }»?
admin-delete-what = Esta práctica se publicó el { $date }. Eliminarla:
admin-delete-gone = la retira de este nodo; su dirección responderá luego que ya no existe:
admin-delete-federated = pide a cada seguidor y asociación (un Delete de ActivityPub) que retiren sus copias;
admin-delete-translations = { $count ->
    [one] elimina también su traducción;
   *[other] elimina también sus { $count } traducciones;
}
admin-delete-relayed = { $count ->
    [one] la retira de la asociación que la difundió;
   *[other] la retira de las { $count } asociaciones que la difundieron;
}
admin-delete-final = no se puede deshacer.
admin-delete-confirm = Eliminar la práctica
admin-translations-of = Traducciones: { $title }
admin-no-translations = Todavía no hay traducciones.
admin-attachments = Imágenes y documentos
admin-attachment-file = Archivo
admin-attachment-alt = Texto alternativo
admin-attachment-alt-hint = Obligatorio para una imagen: diga lo que muestra, para quien no puede verla. Para un documento, su título.
admin-attachment-caption = Pie de foto
admin-attachment-size = Tamaño (bytes)
admin-attachment-add = Adjuntar el archivo
admin-no-attachments = Todavía no hay imágenes ni documentos.
admin-translation-add = Añadir una traducción
admin-translation-edit = Editar la traducción ({ $lang })
admin-not-saved = No se guardó:
admin-practice-not-saved = La práctica no se guardó:
admin-language-tag = Idioma (un código como en, es, ko)
admin-summary = Resumen
admin-text-markdown = Texto (Markdown)
admin-edit-practice = Editar la práctica
admin-write-practice = Escribir una práctica
admin-sdgs-field = Objetivos de Desarrollo Sostenible (números separados por comas)
admin-country-code = País (dos letras)
admin-sections-optional = Secciones estructuradas (opcionales)
admin-themes-field = Temas (separados por comas)
admin-links-field = Enlaces (uno por línea)
admin-period-from = Período del
admin-period-to = al
admin-portal-page = Página en nuestro portal
admin-translation-optional = Traducción (opcional)
admin-save-changes = Guardar los cambios
admin-publish = Publicar
admin-flash-deleted = Eliminada: { $title }
admin-flash-translation-saved = Traducción guardada: { $title }
admin-flash-translation-removed = Traducción eliminada: { $title }
admin-flash-mapping-saved = Correspondencias del canal guardadas
admin-flash-source-removed = Canal eliminado
admin-flash-token-revoked = Token revocado: ya no funciona
admin-flash-user-created = Usuario creado
admin-flash-user-removed = Usuario eliminado
admin-feed-state-ok = Leído sin errores
admin-feed-state-error = La última lectura falló
admin-feed-state-new = Aún no leído
admin-feed-imported = { $count ->
    [one] un elemento importado
   *[other] { $count } elementos importados
}
admin-feed-last-poll = última lectura el { $date }
admin-feed-last-error = Falló el { $date }:
admin-feed-last-success = Última lectura sin errores el { $date }
admin-feed-poll = Leer ahora
admin-feed-edit-mapping = Editar las correspondencias
admin-feed-mapping = Qué significan sus categorías
admin-feed-defaults = Valores por defecto
admin-feed-sdgs = ODS
admin-feed-themes = Temas
admin-feed-category = Categoría
admin-feed-no-rules = Sin reglas por categoría: los ODS se leen de categorías como «ODS 11».
admin-feed-add = Añadir un canal
admin-feed-url = Dirección del canal (RSS, Atom o JSON Feed)
admin-feed-add-button = Añadir
admin-feed-mapping-of = Correspondencias de { $url }
admin-feed-mapping-help = Los valores por defecto se aplican a cada elemento; una categoría de un elemento añade los ODS y temas de su regla y puede fijar su tipo. Los elementos cambian en su próxima actualización en el canal.
admin-feed-rules = Reglas por categoría
admin-feed-rules-help = Deje vacía una categoría para quitar su regla; ODS y temas van separados por comas.
admin-feed-remove-title = ¿Quitar el canal { $url }?
admin-feed-remove-what = { $count ->
    [one] El nodo deja de leerlo. La práctica que importó sigue publicada; elimínela desde la lista de prácticas si hace falta.
   *[other] El nodo deja de leerlo. Las { $count } prácticas que importó siguen publicadas; elimínelas desde la lista de prácticas si hace falta.
}
admin-feed-remove-confirm = Quitar el canal
admin-deliveries-help = Lo que este actor envió, de lo más reciente a lo más antiguo, y a quién. Las horas están en UTC.
admin-deliveries-failed = { $count ->
    [0] Ningún envío ha fallado.
    [one] Un envío ha fallado.
   *[other] { $count } envíos han fallado.
}
admin-deliveries-retry = Reintentar los envíos fallidos
admin-deliveries-summary = { $count ->
    [one] un destinatario
   *[other] { $count } destinatarios
}: { $delivered } entregados, { $failed } fallidos
admin-deliveries-none = Aún no se ha enviado nada.
admin-delivery-recipient = Bandeja de entrada del destinatario
admin-delivery-attempts = Intentos
admin-delivery-next = Próximo intento
admin-delivery-last-error = Último error
admin-delivery-delivered = entregado
admin-delivery-failed = fallido
admin-delivery-retrying = reintento previsto
admin-delivery-queued = en cola
admin-tokens-help = Un token permite a un programa (su portal, un script) usar la API REST con un rol. Se muestra una sola vez, al crearlo; revoque los que ya no use.
admin-tokens-none = Todavía no hay tokens.
admin-token-label = Etiqueta
admin-token-scope = Alcance
admin-token-created = Creado
admin-token-used = Último uso
admin-token-never-used = nunca
admin-token-no-label = (sin etiqueta)
admin-token-revoke = Revocar
admin-token-create = Crear un token
admin-token-create-button = Crear token
admin-scope-read = solo lectura
admin-scope-write = lectura y escritura
admin-role = Rol
admin-role-operator = operador del nodo
admin-role-editor-of = editor de @{ $handle }
admin-role-moderator-of = moderador de @{ $handle }
admin-login = Usuario
admin-password = Contraseña (al menos 10 caracteres)
admin-user-you = usted
admin-user-create = Añadir un usuario
admin-user-create-button = Añadir usuario
admin-users-cli = También se pueden añadir usuarios en la línea de comandos del servidor:
admin-node-profile = Nombre y descripción del nodo
admin-node-name = Nombre (en la cabecera y el título de cada página; el nombre del host si está vacío)
admin-node-description = Descripción (la página «Acerca de»; una línea vacía inicia un párrafo)
admin-node-logo = Logotipo (una dirección https:// o una ruta en este nodo)
admin-domains = Dominios bloqueados y permitidos (todo el nodo)
admin-allowlist-on = El modo de lista blanca está activo: este nodo solo se comunica con dominios permitidos.
admin-allowlist-off = El modo de lista blanca está inactivo: este nodo se comunica con todo dominio no bloqueado.
admin-allowlist-where = Se configura en el archivo de configuración:
admin-domain = Dominio
admin-domain-rule = Regla
admin-domain-note = Nota
admin-domain-block = bloquear
admin-domain-allow = permitir
admin-domains-none = Todavía no hay reglas de dominio.
admin-domains-configured = También fijado en el archivo de configuración:
admin-followers = Seguidores
admin-following = Siguiendo
admin-followers-none = Todavía no hay seguidores.
admin-following-none = Aún no sigue a nadie; siga a través de la API:
admin-follow-accepted = aceptado
admin-follow-pending = pendiente de aceptación
admin-follow-rejected = rechazado
admin-signin = Iniciar sesión
admin-signin-password = Contraseña
admin-signin-accounts = Las cuentas las crea el operador del nodo, en la administración o en la línea de comandos:
admin-signin-expired = El formulario ha caducado; inicie sesión de nuevo.
admin-signin-wrong = Usuario o contraseña incorrectos.
admin-signin-throttled-seconds = { $count ->
    [one] Demasiados intentos de inicio de sesión. Espere un segundo y vuelva a intentarlo.
   *[other] Demasiados intentos de inicio de sesión. Espere { $count } segundos y vuelva a intentarlo.
}
admin-signin-throttled-minutes = { $count ->
    [one] Demasiados intentos de inicio de sesión. Espere un minuto y vuelva a intentarlo.
   *[other] Demasiados intentos de inicio de sesión. Espere { $count } minutos y vuelva a intentarlo.
}
admin-signin-busy-seconds = { $count ->
    [one] El servidor está ocupado. Vuelva a intentarlo en un segundo.
   *[other] El servidor está ocupado. Vuelva a intentarlo en { $count } segundos.
}
admin-signin-busy-minutes = { $count ->
    [one] El servidor está ocupado. Vuelva a intentarlo en un minuto.
   *[other] El servidor está ocupado. Vuelva a intentarlo en { $count } minutos.
}
admin-role-editor = editor
admin-role-moderator = moderador
admin-kind-city = ciudad
admin-kind-association = asociación
admin-kind-knowledge-space = espacio de conocimiento
theme-institutional-development = Desarrollo institucional y de recursos humanos del sector público
theme-e-government = Gobierno electrónico y móvil
theme-citizen-engagement = Participación ciudadana en la gestión del desarrollo
theme-open-government-data = Datos y servicios de gobierno abierto

# --- follow requests in the admin ---
admin-follow-requests = Solicitudes de seguimiento
admin-follow-requests-none = No hay solicitudes de seguimiento pendientes.
admin-follow-approval = Nuevos seguidores
admin-follow-approval-auto = Aceptar a cada seguidor de inmediato
admin-follow-approval-manual = Un editor aprueba a cada seguidor
admin-follow-approval-save = Guardar
admin-follow-request-who = Quién lo pide
admin-follow-request-since = Pedido el
admin-follow-request-decide = Decisión
admin-follow-accept = Aceptar
admin-follow-reject = Rechazar
admin-flash-follow-approval-manual = Los nuevos seguidores esperan ahora la aprobación de un editor
admin-flash-follow-approval-auto = Cada nuevo seguidor se acepta ahora de inmediato (se aceptaron las solicitudes pendientes)
admin-flash-follow-accepted = Solicitud de seguimiento aceptada
admin-flash-follow-rejected = Solicitud de seguimiento rechazada

# Adopción y participación (issue 22)
adapted-from = Adaptada de
adopted-by = Adoptada por
admin-engagement = Me gusta e impulsos
admin-likes = Me gusta: { $count }
admin-boosts = Impulsos: { $count }
analytics-adoptions = Adopciones: quién aprendió de quién
analytics-adoptions-total = Adopciones: { $count }
analytics-adoption-map-title = Mapa de adopciones entre países
analytics-adoption-map-note = Cada flecha va del país cuya práctica se adoptó al país que la adoptó; la tabla de abajo dice lo mismo.
analytics-adoption-map-country = { $country }: sus prácticas adoptadas en otros lugares { $outward }, prácticas de otros lugares adoptadas aquí { $inward }
analytics-adoption-flows = Adopciones entre países (país que adopta ← país de origen)
analytics-flow = Flujo
analytics-flow-to = Adoptada en
analytics-flow-from = Aprendida de
analytics-count = Adopciones
analytics-most-adopted = Prácticas más adoptadas
analytics-engagement = Me gusta e impulsos desde el fediverso
analytics-engagement-top = Las prácticas de este nodo con más me gusta e impulsos
analytics-likes = Me gusta
analytics-boosts = Impulsos
analytics-practice = Práctica
admin-adopted-from-field = Adaptada de (direcciones de prácticas, una por línea)
admin-adopted-from-hint = Las prácticas de otras ciudades que esta adapta; se avisa a sus autores y sus páginas muestran que usted las adoptó.
# Conversation under a practice (issue 22)
conversation = Conversación
conversation-author = autor
conversation-empty = Todavía no hay respuestas.
conversation-how = Responda a esta práctica desde cualquier cuenta del fediverso (Mastodon, GoToSocial, …); las respuestas aparecen aquí cuando el editor las ha leído.

# Association attestation: memberships the association confirms (issue 18)
membership-of = miembro de
membership-since = desde el { $date }, según la lista de la asociación
# Places and goals beyond a country and the SDGs: the world, MDGs, period years, related practices (issue 17)
mdgs = Objetivos de Desarrollo del Milenio
mdg-number = ODM { $number }
mdg-name-1 = Erradicar la pobreza extrema y el hambre
mdg-name-2 = Lograr la enseñanza primaria universal
mdg-name-3 = Promover la igualdad de género y el empoderamiento de la mujer
mdg-name-4 = Reducir la mortalidad infantil
mdg-name-5 = Mejorar la salud materna
mdg-name-6 = Combatir el VIH/SIDA, el paludismo y otras enfermedades
mdg-name-7 = Garantizar la sostenibilidad del medio ambiente
mdg-name-8 = Fomentar una alianza mundial para el desarrollo
facet-mdg = Objetivos de Desarrollo del Milenio
facet-period = Años de ejecución
place-world = Mundo
related = Prácticas relacionadas
# Audiences and embargo (issue 19)
admin-audience-legend = Audiencia y fecha de publicación
admin-audience-field = Para quién
admin-audience-public = Todos (pública)
admin-audience-followers = Solo seguidores
admin-audience-named = Solo los actores indicados abajo
admin-audience-actors = Actores (una URL por línea)
admin-publish-at = Publicar el (UTC)
admin-publish-at-hint = Déjelo vacío para publicar ahora. Antes de esa fecha la práctica no se envía a nadie ni aparece en ninguna lista; aún puede editarla o eliminarla.
# Translation workflow: how each language was made (issue 19)
translation-original = original
translation-human = traducción humana
translation-machine = traducción automática ({ $engine })
translation-by = por { $who }
admin-translation-made = Realización
admin-translation-requests = Solicitadas por asociaciones y espacios de conocimiento
admin-translation-request-done = hecha
# Admin reply queue, edits and deletions of replies (issue 22)
admin-nav-replies = Respuestas
admin-replies-policy-heading = Cómo se reciben las respuestas
admin-replies-now-open = Las respuestas a sus prácticas se muestran de inmediato.
admin-replies-now-moderated = Las respuestas a sus prácticas esperan aquí hasta que un editor o moderador las apruebe.
admin-replies-now-closed = Las respuestas a sus prácticas no se guardan.
admin-replies-policy-legend = Respuestas del fediverso
admin-replies-open = Abierto: mostrar cada respuesta de inmediato
admin-replies-moderated = Moderado: retener cada respuesta para su aprobación
admin-replies-closed = Cerrado: no guardar respuestas
admin-replies-policy-save = Guardar cómo se reciben las respuestas
admin-replies-pending = { $count ->
    [0] Ninguna respuesta espera una decisión
    [one] Una respuesta espera una decisión
   *[other] { $count } respuestas esperan una decisión
}
admin-replies-about = sobre
admin-replies-approve = Aprobar
admin-replies-approve-named = Aprobar la respuesta de { $name }
admin-replies-reject = Rechazar
admin-replies-reject-named = Rechazar la respuesta de { $name }
admin-replies-block = Rechazar y bloquear al autor
admin-replies-block-named = Rechazar la respuesta de { $name } y bloquearlo
admin-replies-empty = Nada que decidir.
admin-replies-approved = Respuestas aprobadas
admin-replies-answer-label = Su respuesta a { $name }
admin-replies-answer = Publicar la respuesta
admin-replies-answer-named = Publicar la respuesta a { $name }
admin-replies-none-approved = Aún no hay respuestas aprobadas.
admin-replies-answers = Sus respuestas
admin-replies-delete = Eliminar la respuesta
admin-replies-delete-named = Eliminar la respuesta del { $date }
admin-replies-no-answers = Aún no hay respuestas suyas.
admin-flash-replies-policy = Se guardó cómo se reciben las respuestas.
admin-flash-reply-approved = Respuesta aprobada: se muestra y se transmite.
admin-flash-reply-rejected = Respuesta rechazada.
admin-flash-reply-blocked = Respuesta rechazada; su autor está bloqueado.
admin-flash-answer-published = Respuesta publicada.
admin-flash-answer-deleted = Respuesta eliminada.

# Practice form: place and MDGs; the associations the actor belongs to
admin-mdgs-field = Objetivos de Desarrollo del Milenio (números 1 a 8, separados por comas; para material de 2000 a 2015)
admin-mdgs-hint = Los objetivos:
admin-place-legend = Lugar
admin-place-hint = Un país o, en su lugar, una región de la ONU o el mundo entero (entonces deje el país vacío).
admin-region-field = Región de la ONU en lugar de un país
admin-region-none = Ninguna: el país de arriba
admin-memberships = Asociaciones a las que pertenecemos
admin-memberships-intro = Indique las asociaciones de ciudades de las que este actor es miembro. Cada membresía aparece en el perfil público cuando la colección de miembros de la asociación la confirma; el nodo lo comprueba con regularidad.
admin-membership-association = Asociación
admin-membership-result = Última comprobación
admin-membership-checked = Comprobada
admin-membership-confirmed = Confirmada: miembro desde
admin-membership-not-listed = No confirmada: la asociación no nos incluye
admin-membership-unchecked = Aún no comprobada
admin-memberships-none = Todavía no se ha indicado ninguna asociación.
admin-member-of-field = URL de actor de las asociaciones
admin-member-of-hint = Una por línea, por ejemplo https://cities.example.org/actors/association (20 como máximo). Déjelo vacío para no indicar ninguna.
admin-memberships-save = Guardar las asociaciones
admin-flash-memberships-saved = Asociaciones guardadas; cada una aparece cuando confirma la membresía.
# El formulario de preguntas ciudadanas (issue 22)
conversation-citizen = Pregunta de { $name }, hecha en esta página
conversation-citizen-anonymous = Pregunta de un ciudadano, hecha en esta página
ask-heading = Hacer una pregunta
ask-pending = Gracias: su pregunta espera moderación. Aparecerá en esta página cuando un editor la haya leído.
ask-privacy = No hace falta cuenta. Cuando un editor la aprueba, su pregunta y el nombre que indique (opcional) se publican aquí y se comparten con los servidores que siguen a este editor. No se guarda nada más: ni correo ni cuenta; su dirección de red solo se cuenta en memoria durante una hora, para limitar abusos.
ask-question-label = Su pregunta
ask-question-help = Texto simple, como máximo { $max } caracteres.
ask-name-label = Su nombre (opcional)
ask-honeypot-label = Deje este campo vacío
ask-send = Enviar la pregunta
ask-refused-title = Su pregunta no se envió
ask-refused-rate = Se enviaron demasiadas preguntas desde su dirección. Inténtelo más tarde.
ask-refused-off = Esta práctica no recibe preguntas por su página.
ask-refused-input = La pregunta no pudo aceptarse. Lo que falló:
ask-refused-back = Volver a la práctica
admin-question-form-heading = Preguntas de ciudadanos sin cuenta del fediverso
admin-question-form-now-on = Sus páginas de prácticas muestran un breve formulario de preguntas. Sus preguntas siempre esperan aquí la moderación, sea cual sea el ajuste de arriba.
admin-question-form-now-off = Sus páginas de prácticas no muestran formulario de preguntas.
admin-question-form-on = Mostrar el formulario de preguntas
admin-question-form-off = Ocultar el formulario de preguntas
admin-replies-via-form = Pregunta del formulario de la página
admin-replies-a-citizen = un ciudadano
admin-replies-no-block = (una pregunta del formulario no tiene autor del fediverso que bloquear)
admin-flash-question-form = Guardado si se muestra el formulario de preguntas.
admin-marker-scheduled = Programada: se publica el { $date }
