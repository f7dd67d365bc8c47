# Texte de l'interface, français.

## Page frame
language-name = Français
skip-to-content = Aller au contenu
nav-label = Site
nav-home = Accueil
nav-search = Recherche
nav-analytics = Statistiques
nav-members = Membres
nav-topics = Thématiques
nav-curated = Sélection
nav-about = À propos
language-switcher = Langue
footer = Membre du réseau e-Cities · ActivityPub

## Home
intro = Un nœud du réseau e-Cities : les villes partagent leurs bonnes pratiques et les enseignements tirés, les associations de villes les relaient, et l’Espace de connaissances de l’ONU sur l’administration publique les rassemble pour le monde entier.
search-all = Rechercher toutes les pratiques
hosted-here = Hébergés ici
published-here = Publié ici
from-network = Du réseau
from-unpaks = D’UN-PAKS
nothing-yet = Rien pour l’instant.
more = Plus
widget = Widget

## Search
search-title = Rechercher des pratiques
words = Mots
goal = Objectif de développement durable
any = Tous
country = Pays (code ISO)
region = Région de l’ONU (code ou nom)
kind = Type
language = Langue
search = Rechercher
result-count = { $count ->
    [one] { $count } résultat
   *[other] { $count } résultats
}
result-count-approx = { $count }+ résultats (pour des mots aussi courants, seules les correspondances les plus récentes sont comptées)
subscribe = S’abonner
older = Résultats plus anciens
refine = Affiner
via = via { $name }
facet-sdg = Objectifs
facet-region = Régions
facet-country = Pays
facet-kind = Types
facet-theme = Thèmes
facet-language = Langues
facet-association = Associations
facet-actor = Auteurs
facet-year = Années

## Actor pages
members = Membres
no-members = Aucun membre pour l’instant.
member-city = Ville
member-country = Pays
member-since = Membre depuis
practices = Pratiques
no-practices = Aucune pratique publiée pour l’instant.
portal = Portail officiel
portal-verified-since = vérifié depuis le { $date } : le portail renvoie à ce profil
verified = vérifié
featured = À la une
topic-intro = Suivez cette thématique pour être informé de chaque nouvelle pratique correspondant à la recherche

## Practice pages
read-in = Lire en
relayed-by = Relayé par
approved = approuvé par ses modérateurs
then = puis
chain-written = Écrit par
chain-approved = Approuvé par
chain-featured = Mis en avant par
updated = mis à jour
sdgs = Objectifs de développement durable
sdg-number = ODD { $number }
themes = Thèmes
other-languages = Autres langues
problem = Problème
solution = Solution
results-section = Résultats
lessons = Enseignements tirés
license = Licence
source = Source
period = Période
documents = Documents
document-untitled = Document { $format }
size-bytes = { $n } octets
size-kb = { $n } ko
size-mb = { $n } Mo
kind-best_practice = Bonne pratique
kind-lesson_learned = Enseignement tiré
kind-case_study = Étude de cas
kind-policy = Politique
kind-event = Événement
kind-publication = Publication
kind-post = Article
gone-title = Cette pratique a été supprimée
gone-text = Son auteur l’a retirée.
gone-on = Supprimée le

## Widget
widget-empty = Rien de publié pour l’instant.
widget-more = Plus d’informations du réseau e-Cities

## Analytics
analytics-title = Statistiques
practice-count = { $count ->
    [one] { $count } pratique
   *[other] { $count } pratiques
}
download = Télécharger
same-filters = Les mêmes filtres que la recherche
nothing-to-count = Rien à compter pour l’instant.
chart-sdg = Pratiques par ODD
chart-region = Pratiques par région de l’ONU
chart-country = Pratiques par pays
chart-language = Pratiques par langue
chart-month = Pratiques par mois

## About
about-title = À propos de ce nœud
about-empty = L’opérateur n’a pas encore décrit ce nœud.
about-network = Ce nœud fait partie du réseau e-Cities.

## Dates : « 1er décembre 2026 »
date-long = { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

## Admin : messages affichés une fois après un formulaire
flash-published = Publiée : { $title }
flash-saved = Enregistrée : { $title }
flash-approved = Pratique approuvée
flash-rejected = Pratique refusée
flash-replayed = { $count ->
    [0] Aucune livraison échouée à relancer
    [one] Une livraison échouée sera relancée
   *[other] { $count } livraisons échouées seront relancées
}
flash-source-added = Flux ajouté
flash-polled = Flux consulté : { $created } nouvelles, { $updated } mises à jour, { $deleted } supprimées
flash-poll-failed = Le flux n’a pas pu être lu ; la raison est indiquée à côté.
flash-domain-saved = Règle de domaine enregistrée
flash-domain-removed = Règle de domaine supprimée
flash-node-saved = Profil du nœud enregistré
flash-token-created = Nouveau jeton d’API (affiché une seule fois, copiez-le maintenant) : { $token }
flash-error = Non effectué : { $reason }

topics-title = Thèmes
topics-intro = Chaque thème est une recherche enregistrée dotée de son propre compte dans le fédivers : suivez-le pour recevoir chaque nouvelle pratique qu’il trouve.
topics-empty = Ce nœud n’a pas encore de thème.
topics-search = sa recherche

## Admin: the workspace's frame and dashboard
admin-title = administration ecities
admin-signed-in = Connecté·e en tant que { $login } ({ $role })
admin-public-page = page publique
admin-sign-out = Se déconnecter
admin-nav-label = Administration
admin-nav-dashboard = Tableau de bord
admin-nav-practices = Pratiques
admin-nav-write = Rédiger une pratique
admin-nav-review = File de modération
admin-nav-feeds = Flux du portail
admin-nav-deliveries = Envois
admin-nav-follows = Abonnés et abonnements
admin-nav-tokens = Jetons d’API
admin-nav-users = Utilisateurs
admin-nav-settings = Réglages du nœud
admin-node-dashboard = Ce nœud
admin-needs-you = Ce qui vous attend
admin-pending-reviews = { $count ->
    [0] Aucune pratique n’attend de modération
    [one] Une pratique attend une modération
   *[other] { $count } pratiques attendent une modération
}
admin-failed-deliveries = { $count ->
    [0] Aucun envoi en échec
    [one] Un envoi a échoué
   *[other] { $count } envois ont échoué
}
admin-feed-errors = { $count ->
    [0] Tous les flux du portail ont été lus
    [one] Un flux du portail n’a pas pu être lu
   *[other] { $count } flux du portail n’ont pas pu être lus
}
admin-recent-practices = Dernières pratiques
admin-none-yet = Rien pour l’instant.
admin-user-count = { $count ->
    [one] { $count } utilisateur
   *[other] { $count } utilisateurs
}
admin-domain-rule-count = { $count ->
    [0] Aucune règle de domaine
    [one] Une règle de domaine
   *[other] { $count } règles de domaine
}
# --- records ---
history-link = Historique des versions
history-title = Historique des versions
history-intro = Chaque version de cette pratique est conservée sans modification, chacune à sa propre adresse permanente, que l’on peut citer.
version-number = Version { $number }
version-current = actuelle
version-of = Version { $number } du { $date }
version-notice = Vous lisez la version { $number } sur { $latest }, conservée telle qu’elle a été publiée.
version-read-current = Lire la version actuelle
version-previous = Version précédente
version-next = Version suivante
permalink = Lien permanent vers cette version
cite-as = Citer ainsi
about-harvest = Moissonner ces pratiques
about-harvest-text = Bibliothèques, entrepôts et moteurs de recherche peuvent collecter les pratiques publiées sur ce nœud, avec leurs modifications et suppressions, à ces adresses standard :
# --- network ---
nav-network = Réseau
network-title = Le réseau
network-intro = Les associations que ce nœud connaît, leurs villes membres par région et par pays, la date d’adhésion de chacune et ce qu’elle a partagé.
network-follow-hint = Pour suivre une ville ou une association depuis votre compte du fédivers, ouvrez « Suivre » à côté d’elle et saisissez votre adresse (par exemple alice@mastodon.example) ; vous confirmez sur votre propre serveur.
network-summary = { $associations ->
     [one] { $associations } association
    *[other] { $associations } associations
}, { $cities ->
     [one] { $cities } ville membre
    *[other] { $cities } villes membres
} dans { $countries ->
     [one] { $countries } pays
    *[other] { $countries } pays
}.
network-map-title = Villes membres par pays
network-map-note = Les pays qui ont des villes membres sont mis en évidence (plus foncé : plus de villes) ; le tableau ci-dessous les énumère.
network-map-country = { $country } : { $count ->
     [one] { $count } ville membre
    *[other] { $count } villes membres
}
network-by-country = Villes membres par pays
network-region = Région
network-cities = Villes membres
network-associations = Associations
network-local = sur ce nœud
network-association-shared = { $members ->
     [one] { $members } ville membre
    *[other] { $members } villes membres
} · { $relayed ->
     [one] { $relayed } pratique relayée
    *[other] { $relayed } pratiques relayées
}
network-region-unknown = Pays non indiqué
network-joined = Membre depuis
network-shared = Partagé
network-practices = { $count ->
     [one] { $count } pratique
    *[other] { $count } pratiques
}
network-follow = Suivre
network-follow-button = Suivre
network-follow-label = Votre adresse dans le fédivers
network-no-members = Aucune ville membre n’est connue sur ce nœud.
network-empty = Ce nœud ne connaît encore aucune association.
network-json = Les mêmes données en JSON :
network-follow-search = Recherchez cette adresse dans votre application et suivez-la depuis celle-ci :
network-back = Retour au réseau
network-follow-no-template = { $host } n’indique pas comment suivre depuis ce serveur.
network-follow-unknown = Ce nœud ne connaît pas cette ville ou cette association.
network-follow-failed = Le suivi n’a pas pu commencer : { $reason }
# --- searchui ---
sort-label = Ordre
sort-relevance = Les plus pertinents d’abord
sort-newest = Les plus récents d’abord
apply-filters = Appliquer les filtres
filters-applied = Filtres appliqués
remove-filter = Retirer le filtre { $name }
clear-filters = Retirer tous les filtres
no-results = Aucune pratique ne correspond à cette recherche.
more-results = Plus de résultats
sdg-name-1 = Pas de pauvreté
sdg-name-2 = Faim « zéro »
sdg-name-3 = Bonne santé et bien-être
sdg-name-4 = Éducation de qualité
sdg-name-5 = Égalité entre les sexes
sdg-name-6 = Eau propre et assainissement
sdg-name-7 = Énergie propre et d’un coût abordable
sdg-name-8 = Travail décent et croissance économique
sdg-name-9 = Industrie, innovation et infrastructure
sdg-name-10 = Inégalités réduites
sdg-name-11 = Villes et communautés durables
sdg-name-12 = Consommation et production responsables
sdg-name-13 = Mesures relatives à la lutte contre les changements climatiques
sdg-name-14 = Vie aquatique
sdg-name-15 = Vie terrestre
sdg-name-16 = Paix, justice et institutions efficaces
sdg-name-17 = Partenariats pour la réalisation des objectifs

# --- admin2: review, members, curation, topics ---
admin-nav-members = Membres
admin-nav-curation = Curation
admin-nav-topics = Thèmes suivis
admin-th-practice = Pratique
admin-th-city = Ville
admin-th-author = Auteur
admin-th-country = Pays
admin-th-date = Publiée le
admin-th-decision = Décision
admin-th-reason = Motif
admin-th-decided = Décidée le
admin-th-state = État
admin-th-joined = Membre depuis
admin-th-shared = Pratiques partagées
admin-th-actions = Actions
admin-th-topic = Thème
admin-th-handle = Identifiant à suivre
admin-th-search = Recherche
admin-th-created = Créé le
admin-moderation-heading = Modération
admin-moderation-now-auto = Les pratiques des membres sont relayées dès leur publication.
admin-moderation-now-manual = Les pratiques des membres attendent ici l'approbation d'un modérateur.
admin-moderation-legend = Comment les pratiques des membres sont relayées
admin-moderation-auto = Automatiquement : relayer aussitôt chaque pratique d'un membre
admin-moderation-manual = Manuellement : soumettre chaque pratique à examen
admin-moderation-save = Enregistrer le mode de modération
admin-review-pending = { $count ->
    [0] Rien n'attend d'examen
    [one] Une pratique attend d'être examinée
   *[other] { $count } pratiques attendent d'être examinées
}
admin-review-pending-caption = Approuvez pour relayer une pratique aux abonnés de l'association ; refusez avec un motif, que la ville verra.
admin-review-approve = Approuver
admin-review-approve-named = Approuver « { $title } »
admin-review-reason = Motif (la ville le verra)
admin-review-reject = Refuser
admin-review-reject-named = Refuser « { $title } »
admin-review-empty = Rien n'attend d'examen.
admin-review-decided = Décisions récentes
admin-review-no-decisions = Aucune décision pour l'instant.
admin-review-decision-approved = Approuvée
admin-review-decision-rejected = Refusée
admin-members-intro = Les villes membres sont les villes que cette association suit : leurs pratiques sont relayées à ses abonnés.
admin-members-invite = Inviter une ville
admin-members-handle = L'identifiant de la ville
admin-members-handle-help = Par exemple @seoul@villes.example ; une ville hébergée sur un autre serveur y accepte l'invitation.
admin-members-invite-button = Inviter
admin-members-count = { $count ->
    [0] Aucun membre pour l'instant
    [one] Une ville membre
   *[other] { $count } villes membres
}
admin-members-none = Invitez une ville par son identifiant pour relayer ses pratiques.
admin-members-state-accepted = Membre
admin-members-state-pending = Invitée, en attente de réponse
admin-members-state-rejected = A décliné
admin-members-remove = Retirer
admin-members-remove-named = Retirer { $name } des membres
admin-members-remove-title = Retirer { $name } des membres ?
admin-members-remove-explain = L'association cesse de suivre cette ville : ses nouvelles pratiques ne sont plus relayées. Les pratiques déjà relayées restent en place.
admin-members-remove-confirm = Oui, retirer ce membre
admin-members-keep = Annuler
admin-curation-intro = Cherchez parmi les pratiques que ce nœud détient et mettez en avant les meilleures : elles sont annoncées aux abonnés de cet espace de connaissances.
admin-curation-search = Trouver des pratiques
admin-curation-search-label = Mots du titre, du résumé ou du texte
admin-curation-search-button = Rechercher
admin-curation-no-results = Aucune pratique ne correspond.
admin-curation-featured = { $count ->
    [0] Rien n'est encore mis en avant
    [one] Une pratique mise en avant
   *[other] { $count } pratiques mises en avant
}
admin-curation-none = Mettez en avant des pratiques trouvées par la recherche ci-dessus.
admin-curation-feature = Mettre en avant
admin-curation-feature-named = Mettre en avant « { $title } »
admin-curation-unfeature = Ne plus mettre en avant
admin-curation-unfeature-named = Ne plus mettre en avant « { $title } »
admin-topics-intro = Un thème est une recherche enregistrée que l'on suit depuis n'importe quel compte du fédivers : il annonce chaque nouvelle pratique correspondante.
admin-topics-new = Créer un thème
admin-topics-name = Nom (son identifiant : minuscules, chiffres, - ou _)
admin-topics-name-help = Par exemple odd11-coree ; il ne peut plus être changé ensuite.
admin-topics-title = Titre
admin-topics-query = Recherche enregistrée
admin-topics-query-help = Comme dans l'adresse d'une recherche, par exemple sdg=11&country=KR ou q=bus.
admin-topics-create = Créer le thème
admin-topics-count = { $count ->
    [0] Aucun thème pour l'instant
    [one] Un thème
   *[other] { $count } thèmes
}
admin-topics-none = Créez un thème pour que l'on puisse suivre une recherche.
admin-topics-delete = Supprimer
admin-topics-delete-named = Supprimer le thème { $name }
admin-topics-delete-title = Supprimer le thème { $name } ?
admin-topics-delete-explain = Ses abonnés ne recevront plus ses annonces, et son identifiant ne sera jamais réutilisé.
admin-topics-delete-confirm = Oui, supprimer ce thème
admin-flash-moderation-manual = La modération est désormais manuelle : les pratiques des membres attendent un examen.
admin-flash-moderation-auto = La modération est désormais automatique : les pratiques des membres sont relayées aussitôt.
admin-flash-member-invited = Invitation envoyée
admin-flash-member-removed = Membre retiré
admin-flash-featured = Mise en avant : { $title }
admin-flash-unfeatured = N'est plus mise en avant : { $title }
admin-flash-topic-created = Thème créé
admin-flash-topic-deleted = Thème supprimé

# --- admin1: the editors' and the operator's admin ---
admin-datetime = { $date }, { $time } UTC
admin-search-words = Mots
admin-kind = Type
admin-any = tous
admin-language = Langue
admin-languages = Langues
admin-search = Rechercher
admin-clear-filters = Effacer les filtres
admin-practice-count = { $count ->
    [one] Une pratique
   *[other] { $count } pratiques
}
admin-practice-title = Titre
admin-status = État
admin-actions = Actions
admin-published-on = Publiée le { $date }
admin-updated-on = modifiée le { $date }
admin-approved-by = Approuvée par { $name }
admin-rejected-by = Refusée par { $name }
admin-pending-at = En attente d’examen par { $name }
admin-preview = Aperçu
admin-edit = Modifier
admin-translations = Traductions
admin-delete = Supprimer
admin-remove = Retirer
admin-cancel = Annuler
admin-save = Enregistrer
admin-nothing-matches = Aucune pratique ne correspond à ces filtres.
admin-preview-of = Aperçu : { $title }
admin-preview-note = Telle que sa page publique la montre, dans chaque langue. Son adresse :
admin-preview-unpublished = Aperçu — pas encore publiée
admin-preview-language = Aperçu en { $lang }
admin-original-language = Langue d’origine : { $lang }
admin-translation-language = Traduction : { $lang }
admin-moderation = Décisions des associations
admin-delete-title = Supprimer « { $title } » ?
admin-delete-what = Cette pratique a été publiée le { $date }. La supprimer :
admin-delete-gone = la retire de ce nœud ; son adresse répondra ensuite qu’elle n’existe plus :
admin-delete-federated = demande à chaque abonné et à chaque association (un Delete ActivityPub) de retirer leurs copies ;
admin-delete-translations = { $count ->
    [one] retire aussi sa traduction ;
   *[other] retire aussi ses { $count } traductions ;
}
admin-delete-relayed = { $count ->
    [one] la retire de l’association qui l’a relayée ;
   *[other] la retire des { $count } associations qui l’ont relayée ;
}
admin-delete-final = est définitif.
admin-delete-confirm = Supprimer la pratique
admin-translations-of = Traductions : { $title }
admin-no-translations = Pas encore de traduction.
admin-attachments = Images et documents
admin-attachment-file = Fichier
admin-attachment-alt = Texte alternatif
admin-attachment-alt-hint = Obligatoire pour une image : dites ce qu’elle montre, pour qui ne peut pas la voir. Pour un document, son titre.
admin-attachment-caption = Légende
admin-attachment-size = Taille (octets)
admin-attachment-add = Joindre le fichier
admin-no-attachments = Pas encore d’image ni de document.
admin-translation-add = Ajouter une traduction
admin-translation-edit = Modifier la traduction ({ $lang })
admin-not-saved = Non enregistré :
admin-practice-not-saved = La pratique n’a pas été enregistrée :
admin-language-tag = Langue (un code comme en, fr, ko)
admin-summary = Résumé
admin-text-markdown = Texte (Markdown)
admin-edit-practice = Modifier la pratique
admin-write-practice = Rédiger une pratique
admin-sdgs-field = Objectifs de développement durable (numéros séparés par des virgules)
admin-country-code = Pays (deux lettres)
admin-sections-optional = Sections structurées (facultatives)
admin-themes-field = Thèmes (séparés par des virgules)
admin-links-field = Liens (un par ligne)
admin-period-from = Période du
admin-period-to = au
admin-portal-page = Page sur notre portail
admin-translation-optional = Traduction (facultative)
admin-save-changes = Enregistrer les modifications
admin-publish = Publier
admin-flash-deleted = Supprimée : { $title }
admin-flash-translation-saved = Traduction enregistrée : { $title }
admin-flash-translation-removed = Traduction retirée : { $title }
admin-flash-mapping-saved = Correspondances du flux enregistrées
admin-flash-source-removed = Flux retiré
admin-flash-token-revoked = Jeton révoqué : il ne fonctionne plus
admin-flash-user-created = Utilisateur créé
admin-flash-user-removed = Utilisateur retiré
admin-feed-state-ok = Lu sans erreur
admin-feed-state-error = La dernière lecture a échoué
admin-feed-state-new = Pas encore lu
admin-feed-imported = { $count ->
    [one] un élément importé
   *[other] { $count } éléments importés
}
admin-feed-last-poll = dernière lecture le { $date }
admin-feed-last-error = Échec le { $date } :
admin-feed-last-success = Dernière lecture réussie le { $date }
admin-feed-poll = Lire maintenant
admin-feed-edit-mapping = Modifier les correspondances
admin-feed-mapping = Ce que signifient ses catégories
admin-feed-defaults = Valeurs par défaut
admin-feed-sdgs = ODD
admin-feed-themes = Thèmes
admin-feed-category = Catégorie
admin-feed-no-rules = Aucune règle de catégorie : les ODD sont lus dans des catégories comme « ODD 11 ».
admin-feed-add = Ajouter un flux
admin-feed-url = Adresse du flux (RSS, Atom ou JSON Feed)
admin-feed-add-button = Ajouter
admin-feed-mapping-of = Correspondances de { $url }
admin-feed-mapping-help = Les valeurs par défaut s’appliquent à chaque élément ; une catégorie d’un élément ajoute les ODD et thèmes de sa règle et peut fixer son type. Les éléments changent à leur prochaine mise à jour dans le flux.
admin-feed-rules = Règles par catégorie
admin-feed-rules-help = Videz une catégorie pour retirer sa règle ; ODD et thèmes sont séparés par des virgules.
admin-feed-remove-title = Retirer le flux { $url } ?
admin-feed-remove-what = { $count ->
    [one] Le nœud cesse de le lire. La pratique importée reste publiée ; supprimez-la depuis la liste des pratiques si besoin.
   *[other] Le nœud cesse de le lire. Les { $count } pratiques importées restent publiées ; supprimez-les depuis la liste des pratiques si besoin.
}
admin-feed-remove-confirm = Retirer le flux
admin-deliveries-help = Ce que cet acteur a envoyé, du plus récent au plus ancien, et à qui. Les heures sont en UTC.
admin-deliveries-failed = { $count ->
    [0] Aucun envoi n’a échoué.
    [one] Un envoi a échoué.
   *[other] { $count } envois ont échoué.
}
admin-deliveries-retry = Relancer les envois échoués
admin-deliveries-summary = { $count ->
    [one] un destinataire
   *[other] { $count } destinataires
} : { $delivered } remis, { $failed } en échec
admin-deliveries-none = Rien n’a encore été envoyé.
admin-delivery-recipient = Boîte de réception du destinataire
admin-delivery-attempts = Tentatives
admin-delivery-next = Prochaine tentative
admin-delivery-last-error = Dernière erreur
admin-delivery-delivered = remis
admin-delivery-failed = échec
admin-delivery-retrying = nouvelle tentative prévue
admin-delivery-queued = en file d’attente
admin-tokens-help = Un jeton permet à un programme (votre portail, un script) d’utiliser l’API REST dans un rôle. Il n’est montré qu’une fois, à sa création ; révoquez ceux que vous n’utilisez plus.
admin-tokens-none = Pas encore de jeton.
admin-token-label = Libellé
admin-token-scope = Portée
admin-token-created = Créé
admin-token-used = Dernière utilisation
admin-token-never-used = jamais
admin-token-no-label = (sans libellé)
admin-token-revoke = Révoquer
admin-token-create = Créer un jeton
admin-token-create-button = Créer le jeton
admin-scope-read = lecture seule
admin-scope-write = lecture et écriture
admin-role = Rôle
admin-role-operator = opérateur du nœud
admin-role-editor-of = rédacteur de @{ $handle }
admin-role-moderator-of = modérateur de @{ $handle }
admin-login = Identifiant
admin-password = Mot de passe (au moins 10 caractères)
admin-user-you = vous
admin-user-create = Ajouter un utilisateur
admin-user-create-button = Ajouter l’utilisateur
admin-users-cli = On peut aussi ajouter des utilisateurs en ligne de commande sur le serveur :
admin-node-profile = Nom et description du nœud
admin-node-name = Nom (affiché dans l’en-tête et le titre de chaque page ; le nom d’hôte s’il est vide)
admin-node-description = Description (la page « À propos » ; une ligne vide commence un paragraphe)
admin-node-logo = Logo (une adresse https:// ou un chemin sur ce nœud)
admin-domains = Domaines bloqués et autorisés (tout le nœud)
admin-allowlist-on = Le mode liste blanche est actif : ce nœud ne communique qu’avec les domaines autorisés.
admin-allowlist-off = Le mode liste blanche est inactif : ce nœud communique avec tout domaine non bloqué.
admin-allowlist-where = Il se règle dans le fichier de configuration :
admin-domain = Domaine
admin-domain-rule = Règle
admin-domain-note = Note
admin-domain-block = bloquer
admin-domain-allow = autoriser
admin-domains-none = Aucune règle de domaine pour l’instant.
admin-domains-configured = Également fixé dans le fichier de configuration :
admin-followers = Abonnés
admin-following = Abonnements
admin-followers-none = Pas encore d’abonnés.
admin-following-none = Aucun abonnement pour l’instant ; abonnez-vous par l’API :
admin-follow-accepted = accepté
admin-follow-pending = en attente d’acceptation
admin-follow-rejected = refusé
admin-signin = Se connecter
admin-signin-password = Mot de passe
admin-signin-accounts = Les comptes sont créés par l’opérateur du nœud, dans l’administration ou en ligne de commande :
admin-signin-expired = Le formulaire a expiré ; veuillez vous reconnecter.
admin-signin-wrong = Identifiant ou mot de passe incorrect.
admin-signin-throttled-seconds = { $count ->
    [one] Trop de tentatives de connexion. Patientez une seconde puis réessayez.
   *[other] Trop de tentatives de connexion. Patientez { $count } secondes puis réessayez.
}
admin-signin-throttled-minutes = { $count ->
    [one] Trop de tentatives de connexion. Patientez une minute puis réessayez.
   *[other] Trop de tentatives de connexion. Patientez { $count } minutes puis réessayez.
}
admin-signin-busy-seconds = { $count ->
    [one] Le serveur est occupé. Réessayez dans une seconde.
   *[other] Le serveur est occupé. Réessayez dans { $count } secondes.
}
admin-signin-busy-minutes = { $count ->
    [one] Le serveur est occupé. Réessayez dans une minute.
   *[other] Le serveur est occupé. Réessayez dans { $count } minutes.
}
admin-role-editor = rédacteur
admin-role-moderator = modérateur
admin-kind-city = ville
admin-kind-association = association
admin-kind-knowledge-space = espace de connaissances
theme-institutional-development = Développement institutionnel et des ressources humaines du secteur public
theme-e-government = Administration électronique et mobile
theme-citizen-engagement = Participation citoyenne à la gestion du développement
theme-open-government-data = Données et services publics ouverts

# --- follow requests in the admin ---
admin-follow-requests = Demandes d’abonnement
admin-follow-requests-none = Aucune demande d’abonnement en attente.
admin-follow-approval = Nouveaux abonnés
admin-follow-approval-auto = Accepter chaque abonné immédiatement
admin-follow-approval-manual = Un·e rédacteur·rice approuve chaque abonné
admin-follow-approval-save = Enregistrer
admin-follow-request-who = Demandeur
admin-follow-request-since = Demandé le
admin-follow-request-decide = Décision
admin-follow-accept = Accepter
admin-follow-reject = Refuser
admin-flash-follow-approval-manual = Les nouveaux abonnés attendent désormais l’approbation d’un·e rédacteur·rice
admin-flash-follow-approval-auto = Chaque nouvel abonné est désormais accepté immédiatement (les demandes en attente ont été acceptées)
admin-flash-follow-accepted = Demande d’abonnement acceptée
admin-flash-follow-rejected = Demande d’abonnement refusée

# Adoption et engagement (issue 22)
adapted-from = Adaptée de
adopted-by = Adoptée par
admin-engagement = J’aime et partages
admin-likes = J’aime : { $count }
admin-boosts = Partages : { $count }
analytics-adoptions = Adoptions : qui a appris de qui
analytics-adoptions-total = Adoptions : { $count }
analytics-adoption-map-title = Carte des adoptions entre pays
analytics-adoption-map-note = Chaque flèche va du pays dont la pratique a été adoptée vers le pays qui l’a adoptée ; le tableau ci-dessous dit la même chose.
analytics-adoption-map-country = { $country } : ses pratiques adoptées ailleurs { $outward }, pratiques d’ailleurs adoptées ici { $inward }
analytics-adoption-flows = Adoptions entre pays (pays qui adopte ← pays d’origine)
analytics-flow = Flux
analytics-flow-to = Adoptée en
analytics-flow-from = Apprise de
analytics-count = Adoptions
analytics-most-adopted = Pratiques les plus adoptées
analytics-engagement = J’aime et partages venus du fédivers
analytics-engagement-top = Les pratiques de ce nœud les plus aimées et partagées
analytics-likes = J’aime
analytics-boosts = Partages
analytics-practice = Pratique
admin-adopted-from-field = Adaptée de (adresses de pratiques, une par ligne)
admin-adopted-from-hint = Les pratiques d’autres villes que celle-ci adapte ; leurs auteurs en sont informés et leurs pages indiquent que vous les avez adoptées.
# Conversation under a practice (issue 22)
conversation = Conversation
conversation-author = auteur
conversation-empty = Pas encore de réponse.
conversation-how = Répondez à cette pratique depuis n'importe quel compte du fédivers (Mastodon, GoToSocial, …) ; les réponses apparaissent ici une fois lues par l'éditeur.

# Association attestation: memberships the association confirms (issue 18)
membership-of = membre de
membership-since = depuis le { $date }, selon la liste de l’association
# Places and goals beyond a country and the SDGs: the world, MDGs, period years, related practices (issue 17)
mdgs = Objectifs du Millénaire pour le développement
mdg-number = OMD { $number }
mdg-name-1 = Éliminer l'extrême pauvreté et la faim
mdg-name-2 = Assurer l'éducation primaire pour tous
mdg-name-3 = Promouvoir l'égalité des sexes et l'autonomisation des femmes
mdg-name-4 = Réduire la mortalité infantile
mdg-name-5 = Améliorer la santé maternelle
mdg-name-6 = Combattre le VIH/sida, le paludisme et d'autres maladies
mdg-name-7 = Assurer un environnement durable
mdg-name-8 = Mettre en place un partenariat mondial pour le développement
facet-mdg = Objectifs du Millénaire pour le développement
facet-period = Années de mise en œuvre
place-world = Monde
related = Pratiques apparentées
# Audiences and embargo (issue 19)
admin-audience-legend = Public et date de publication
admin-audience-field = Pour qui
admin-audience-public = Tout le monde (public)
admin-audience-followers = Abonnés seulement
admin-audience-named = Seulement les acteurs nommés ci-dessous
admin-audience-actors = Acteurs (une URL par ligne)
admin-publish-at = Publier le (UTC)
admin-publish-at-hint = Laisser vide pour publier maintenant. Avant cette date, la pratique n’est envoyée à personne ni listée nulle part ; vous pouvez encore la modifier ou la supprimer.
# Translation workflow: how each language was made (issue 19)
translation-original = original
translation-human = traduction humaine
translation-machine = traduction automatique ({ $engine })
translation-by = par { $who }
admin-translation-made = Réalisation
admin-translation-requests = Demandées par des associations et espaces de connaissances
admin-translation-request-done = faite
# Admin reply queue, edits and deletions of replies (issue 22)
admin-nav-replies = Réponses
admin-replies-policy-heading = Accueil des réponses
admin-replies-now-open = Les réponses à vos pratiques sont affichées immédiatement.
admin-replies-now-moderated = Les réponses à vos pratiques attendent ici qu'un éditeur ou un modérateur les approuve.
admin-replies-now-closed = Les réponses à vos pratiques ne sont pas conservées.
admin-replies-policy-legend = Réponses venant du fédiverse
admin-replies-open = Ouvert : afficher chaque réponse immédiatement
admin-replies-moderated = Modéré : retenir chaque réponse pour approbation
admin-replies-closed = Fermé : ne conserver aucune réponse
admin-replies-policy-save = Enregistrer l'accueil des réponses
admin-replies-pending = { $count ->
    [0] Aucune réponse n'attend de décision
    [one] Une réponse attend une décision
   *[other] { $count } réponses attendent une décision
}
admin-replies-about = à propos de
admin-replies-approve = Approuver
admin-replies-approve-named = Approuver la réponse de { $name }
admin-replies-reject = Rejeter
admin-replies-reject-named = Rejeter la réponse de { $name }
admin-replies-block = Rejeter et bloquer l'auteur
admin-replies-block-named = Rejeter la réponse de { $name } et le bloquer
admin-replies-empty = Rien à décider.
admin-replies-approved = Réponses approuvées
admin-replies-answer-label = Votre réponse à { $name }
admin-replies-answer = Publier la réponse
admin-replies-answer-named = Publier la réponse à { $name }
admin-replies-none-approved = Aucune réponse approuvée pour l'instant.
admin-replies-answers = Vos réponses
admin-replies-delete = Supprimer la réponse
admin-replies-delete-named = Supprimer la réponse du { $date }
admin-replies-no-answers = Aucune réponse pour l'instant.
admin-flash-replies-policy = Accueil des réponses enregistré.
admin-flash-reply-approved = Réponse approuvée : elle est affichée et transmise.
admin-flash-reply-rejected = Réponse rejetée.
admin-flash-reply-blocked = Réponse rejetée ; son auteur est bloqué.
admin-flash-answer-published = Réponse publiée.
admin-flash-answer-deleted = Réponse supprimée.

# Practice form: place and MDGs; the associations the actor belongs to
admin-mdgs-field = Objectifs du Millénaire pour le développement (numéros 1 à 8, séparés par des virgules ; pour les documents de 2000 à 2015)
admin-mdgs-hint = Les objectifs :
admin-place-legend = Lieu
admin-place-hint = Un pays, ou à la place une région de l’ONU ou le monde entier (laissez alors le pays vide).
admin-region-field = Région de l’ONU au lieu d’un pays
admin-region-none = Aucune : le pays ci-dessus
admin-memberships = Associations dont nous sommes membres
admin-memberships-intro = Indiquez les associations de villes dont cet acteur est membre. Chaque adhésion apparaît sur le profil public dès que la collection des membres de l’association la confirme ; le nœud vérifie régulièrement.
admin-membership-association = Association
admin-membership-result = Dernière vérification
admin-membership-checked = Vérifiée le
admin-membership-confirmed = Confirmée : membre depuis
admin-membership-not-listed = Non confirmée : l’association ne nous liste pas
admin-membership-unchecked = Pas encore vérifiée
admin-memberships-none = Aucune association indiquée.
admin-member-of-field = URL d’acteur des associations
admin-member-of-hint = Une par ligne, par exemple https://cities.example.org/actors/association (20 au plus). Laissez vide pour n’en indiquer aucune.
admin-memberships-save = Enregistrer les associations
admin-flash-memberships-saved = Associations enregistrées ; chacune apparaît dès qu’elle confirme l’adhésion.
# Le formulaire de questions des citoyens (issue 22)
conversation-citizen = Question de { $name }, posée sur cette page
conversation-citizen-anonymous = Question d'un citoyen, posée sur cette page
ask-heading = Poser une question
ask-pending = Merci : votre question attend la modération. Elle apparaîtra sur cette page une fois lue par un éditeur.
ask-privacy = Aucun compte n'est nécessaire. Une fois approuvées par un éditeur, votre question et le nom que vous indiquez (facultatif) sont publiés ici et partagés avec les serveurs qui suivent cet éditeur. Rien d'autre n'est conservé : ni e-mail, ni compte ; votre adresse réseau n'est comptée qu'en mémoire pendant une heure, pour limiter les abus.
ask-question-label = Votre question
ask-question-help = Texte simple, { $max } caractères au plus.
ask-name-label = Votre nom (facultatif)
ask-honeypot-label = Laissez ce champ vide
ask-send = Envoyer la question
ask-refused-title = Votre question n'a pas été envoyée
ask-refused-rate = Trop de questions ont été envoyées depuis votre adresse. Réessayez plus tard.
ask-refused-off = Cette pratique ne reçoit pas de questions par sa page.
ask-refused-input = La question n'a pas pu être acceptée. Ce qui n'allait pas :
ask-refused-back = Retour à la pratique
admin-question-form-heading = Questions de citoyens sans compte du fédivers
admin-question-form-now-on = Vos pages de pratiques affichent un court formulaire de questions. Ses questions attendent toujours ici la modération, quel que soit le réglage ci-dessus.
admin-question-form-now-off = Vos pages de pratiques n'affichent pas de formulaire de questions.
admin-question-form-on = Afficher le formulaire de questions
admin-question-form-off = Masquer le formulaire de questions
admin-replies-via-form = Question venant du formulaire de la page
admin-replies-a-citizen = un citoyen
admin-replies-no-block = (une question du formulaire n'a pas d'auteur du fédivers à bloquer)
admin-flash-question-form = Affichage du formulaire de questions enregistré.
admin-marker-scheduled = Programmée : publiée le { $date }
