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
featured = À la une
topic-intro = Suivez cette thématique pour être informé de chaque nouvelle pratique correspondant à la recherche

## Practice pages
read-in = Lire en
relayed-by = Relayé par
approved = approuvé par ses modérateurs
then = puis
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
theme-institutional-development = Développement institutionnel et des ressources humaines du secteur public
theme-e-government = Administration électronique et mobile
theme-citizen-engagement = Participation citoyenne à la gestion du développement
theme-open-government-data = Données et services publics ouverts
