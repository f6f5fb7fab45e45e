"""Demo texts of the FAQ, the livret locataire and the legal pages, written for the portal.

The facts come from the landlord's own FAQ (shared/seed/faq-portail-locataire.txt); the wording is
ours. Answers are Wagtail rich text (HTML).
"""

FAQ_INTRO = (
    "<p>Les réponses aux questions les plus posées sur le portail locataire, classées par thème. "
    "Vous ne trouvez pas ? Utilisez la recherche ou écrivez-nous.</p>"
)

FAQ_THEMES = [
    (
        "Mon compte",
        [
            (
                "Qui peut créer un compte sur le portail locataire ?",
                "<p>Chaque signataire du bail (le contrat de location) a droit à son propre compte. "
                "Si vous êtes deux à avoir signé le bail, chacun s'inscrit de son côté.</p>"
                "<p>Pour vous inscrire avec « Créer mon compte », munissez-vous de votre numéro de locataire, "
                "puis indiquez votre nom, votre prénom, votre date de naissance, une adresse e-mail qui vous est "
                "personnelle et le mot de passe de votre choix.</p>",
            ),
            (
                "Comment me connecter à mon espace ?",
                "<p>Le portail s'ouvre depuis un navigateur internet (moncompte.habitatdugard.fr) ou depuis "
                "l'application mobile, une fois installée sur votre téléphone.</p>"
                "<ol><li>Dans le bloc « Connectez-vous », tapez votre identifiant (votre adresse e-mail) "
                "et votre mot de passe.</li><li>Appuyez sur « SE CONNECTER ».</li></ol>",
            ),
            (
                "Comment changer mon mot de passe ou mon adresse e-mail de connexion ?",
                "<p><strong>Sur un ordinateur :</strong> une fois connecté, cliquez sur votre nom en haut à "
                "droite de l'écran, puis sur « Modifier mes accès ».</p>"
                "<p><strong>Sur l'application mobile :</strong> avant de vous connecter, touchez « Mot de passe "
                "oublié ? » et saisissez l'adresse e-mail qui vous sert d'identifiant. Un e-mail vous parvient "
                "avec un lien de réinitialisation : ouvrez-le depuis votre téléphone et suivez le lien pour "
                "choisir un nouveau mot de passe.</p>",
            ),
            (
                "Puis-je supprimer mon compte ?",
                "<p>Oui, c'est possible, mais nous vous le déconseillons : vous perdriez l'accès aux services en "
                "ligne et aux avis d'échéance publiés depuis votre inscription, sauf si vous les avez "
                "enregistrés sur votre ordinateur.</p>"
                "<p>Si vous changez d'avis, vous pourrez vous réinscrire quand vous le souhaitez en créant un "
                "nouveau compte avec votre numéro de locataire, votre nom, votre prénom et une adresse e-mail "
                "(l'ancienne ou une nouvelle).</p>",
            ),
        ],
    ),
    (
        "Paiements",
        [
            (
                "Comment payer mon loyer en ligne ?",
                "<p>Le solde de votre compte s'affiche sur la page d'accueil de votre espace.</p>"
                "<ul><li>S'il est <strong>créditeur</strong>, vous n'avez rien à faire : la somme sera "
                "déduite de vos prochaines factures.</li>"
                "<li>S'il est <strong>débiteur</strong>, vous pouvez régler tout ou partie du montant dû.</li></ul>"
                "<ol><li>Cliquez sur « PAYER EN LIGNE ».</li><li>Indiquez le montant à régler : vous arrivez "
                "sur une page de paiement sécurisée.</li><li>Choisissez votre moyen de paiement et saisissez "
                "vos coordonnées bancaires.</li><li>Confirmez avec « VALIDER ».</li></ol>"
                "<p>Un e-mail de confirmation vous est envoyé une fois le paiement accepté. Payer par carte "
                "bancaire est plus rapide et plus simple qu'un envoi de chèque.</p>",
            ),
            (
                "Mon compte bancaire a changé : comment mettre à jour mon RIB ?",
                "<p>Transmettez-nous votre nouveau RIB pour que vos prélèvements automatiques continuent sans "
                "interruption.</p>"
                "<ol><li>Ouvrez l'onglet « Mes paiements ».</li><li>Dans la zone « Mode de paiement », "
                "choisissez « Mettre à jour le RIB ».</li><li>Laissez-vous guider étape par étape.</li></ol>"
                "<p>Ce changement de RIB se fait uniquement depuis le site internet : l'application mobile ne "
                "le permet pas encore.</p>",
            ),
        ],
    ),
    (
        "Documents",
        [
            (
                "Je ne reçois plus mon avis d'échéance par courrier : est-ce normal ?",
                "<p>Oui. Créer votre compte sur le portail vaut accord pour recevoir vos avis d'échéance et "
                "vos bulletins de régularisation de charges sous forme numérique : ils ne sont plus envoyés "
                "par la poste.</p>"
                "<p>Chaque mois, le nouvel avis d'échéance est déposé dans « Mes documents », où il reste "
                "consultable à tout moment. Vous pouvez l'enregistrer sur votre ordinateur et l'imprimer si "
                "besoin. Plus de courrier égaré, moins de papier : c'est aussi plus écologique.</p>",
            ),
            (
                "Où trouver mes avis d'échéance et mes bulletins de régularisation de charges ?",
                "<p>Dans l'onglet « Mes documents » de votre espace : tous les avis d'échéance et bulletins "
                "de régularisation de charges émis depuis votre inscription y sont rangés. Cliquez sur un "
                "document pour le télécharger.</p>",
            ),
            (
                "Pourquoi mes anciens avis d'échéance n'apparaissent-ils pas ?",
                "<p>Le portail ne contient que les avis d'échéance émis après votre inscription. Ceux des mois "
                "précédents n'y figurent pas : gardez les exemplaires papier que vous avez reçus.</p>",
            ),
        ],
    ),
    (
        "Demandes",
        [
            (
                "Pour quels sujets puis-je faire une demande ?",
                "<p>Depuis votre espace, vous pouvez nous adresser une demande sur tout ce qui concerne votre "
                "vie de locataire, et en suivre le traitement :</p>"
                "<ul><li>votre logement (électricité, menuiserie, plomberie...) ;</li>"
                "<li>votre garage ou votre place de parking ;</li><li>les parties communes de la résidence ;</li>"
                "<li>votre compte (paiements, assurance, charges...) ;</li><li>et bien d'autres sujets.</li></ul>",
            ),
            (
                "Comment faire une nouvelle demande ?",
                "<ol><li>Ouvrez l'onglet « Mes demandes ».</li><li>Cliquez sur « Une nouvelle demande ».</li>"
                "<li>Remplissez les champs dans l'ordre. Décrivez la situation aussi précisément que possible ; "
                "vous pouvez joindre une photo ou un document.</li><li>Vérifiez vos coordonnées et cochez les "
                "créneaux horaires où nous pouvons vous joindre.</li><li>Enregistrez avec « Sauvegarder ».</li></ol>",
            ),
            (
                "Quelles réparations sont à ma charge ?",
                "<p>Certaines petites réparations et l'entretien courant du logement reviennent au locataire "
                "(on parle de réparations locatives). Le livret locataire détaille qui fait quoi, élément par "
                "élément : vous le trouverez dans l'onglet « Mes demandes » de votre espace et sur notre site.</p>",
            ),
            (
                "Comment suivre une demande ou la compléter ?",
                "<p>Une fois enregistrée, votre demande apparaît dans « Détail de mes demandes » sur le site, "
                "ou dans « Suivi de mes demandes » sur l'application mobile. Vous y voyez où en est son "
                "traitement.</p>"
                "<p>Pour apporter une précision ou modifier une demande en cours, utilisez le bouton "
                "« Ajouter un complément d'information » placé sous la demande. Sur l'application, faites "
                "glisser l'écran vers la gauche ou vers la droite pour passer d'une demande à l'autre.</p>",
            ),
        ],
    ),
    (
        "Mon dossier",
        [
            (
                "Comment mettre à jour mon dossier locataire ou mon attestation d'assurance ?",
                "<p>Votre numéro de téléphone, vos informations personnelles, les occupants de votre foyer et "
                "votre assurance habitation se mettent à jour depuis votre espace.</p>"
                "<ol><li>Ouvrez l'onglet « MON DOSSIER ».</li><li>Sous la zone à changer (assurance, "
                "informations personnelles, composition du foyer...), cliquez sur « Modifier ».</li>"
                "<li>Complétez les champs.</li><li>Relisez puis cliquez sur « Valider ».</li></ol>"
                "<p>Votre demande de modification part alors à nos services, qui la traitent au plus vite.</p>"
                "<p>Pour l'assurance, ajoutez obligatoirement votre attestation avec « Joindre un fichier » : "
                "la modification n'est prise en compte qu'après vérification de ce justificatif par nos "
                "équipes.</p>",
            ),
            (
                "Qui sont mes interlocuteurs et comment les joindre ?",
                "<p>L'onglet « Mes contacts » réunit le téléphone, l'adresse e-mail et l'adresse postale de "
                "vos interlocuteurs :</p>"
                "<ul><li>votre <strong>gérant ou gestionnaire technique de proximité</strong>, pour les "
                "questions techniques sur votre logement ;</li><li>votre <strong>agence de proximité</strong>, "
                "dont dépendent votre gérant et votre gardien, pour toute question sur votre logement ou votre "
                "résidence ;</li><li>votre <strong>chargé(e) de clientèle</strong>, qui suit votre dossier "
                "administratif (paiement du loyer, assurance...).</li></ul>",
            ),
        ],
    ),
    (
        "Application mobile",
        [
            (
                "Quelles différences entre le site internet et l'application mobile ?",
                "<p>Aujourd'hui, la version web en fait un peu plus que l'application. Sur le site internet, "
                "vous pouvez en plus :</p>"
                "<ul><li>changer votre RIB ;</li><li>modifier vos identifiants de connexion ;</li>"
                "<li>voir dès la page d'accueil votre compte locataire, avec le détail des dernières sommes "
                "facturées et des derniers paiements reçus.</li></ul>",
            ),
        ],
    ),
    (
        "Besoin d'aide ?",
        [
            (
                "Je rencontre un problème sur le portail : qui contacter ?",
                "<p>Nos équipes vous aident volontiers. Écrivez-nous à portail-locataire@hdg30.fr en précisant "
                "votre numéro de contrat et un numéro de téléphone où vous rappeler.</p>",
            ),
        ],
    ),
]

LIVRET_INTRO = (
    "<p>Ce livret rassemble ce qu'il faut savoir pour bien vivre dans votre logement : qui entretient "
    "quoi, que faire en cas de panne, et comment nous joindre.</p>"
)

LIVRET_SECTIONS = [
    (
        "Entretenir votre logement",
        "<p>Pendant toute la durée du bail, le locataire assure l'entretien courant du logement et les menues "
        "réparations (les « réparations locatives »). Le bailleur prend en charge les grosses réparations, "
        "le remplacement des équipements usés par le temps et la mise en conformité.</p>"
        "<p>Un équipement cassé par mauvais usage reste à la charge du locataire, même s'il relève "
        "habituellement du bailleur.</p>",
    ),
    (
        "En cas de panne ou de dégât",
        "<p>Faites une demande depuis l'onglet « Mes demandes » de votre espace, avec une photo si possible. "
        "En cas d'urgence (fuite importante, odeur de gaz), coupez l'arrivée concernée et appelez le numéro "
        "d'urgence affiché dans le hall de votre résidence.</p>",
    ),
]

LIVRET_TABLES = [
    (
        "Plomberie et sanitaires",
        [
            (
                "Robinets",
                "Changer les joints et les clapets, détartrer les mousseurs.",
                "Remplacer le robinet usé par l'âge.",
            ),
            ("Joints de baignoire, douche et évier", "Refaire les joints silicone noircis ou décollés.", ""),
            (
                "Évacuations",
                "Déboucher les siphons et les conduites jusqu'à la colonne de l'immeuble.",
                "Déboucher et réparer les colonnes collectives.",
            ),
            (
                "Chasse d'eau",
                "Régler ou remplacer le flotteur, les joints et le mécanisme.",
                "Remplacer la cuvette fêlée par l'usure.",
            ),
        ],
    ),
    (
        "Électricité",
        [
            ("Ampoules et tubes", "Les remplacer.", ""),
            (
                "Prises et interrupteurs",
                "Remplacer les caches et plaques de prises ou d'interrupteurs abîmés.",
                "Réparer l'installation électrique (tableau, câblage) et la mettre aux normes.",
            ),
            ("Fusibles", "Remplacer les fusibles grillés.", ""),
        ],
    ),
    (
        "Chauffage, eau chaude et ventilation",
        [
            (
                "Chaudière individuelle au gaz",
                "Faire réaliser l'entretien annuel par un professionnel et garder l'attestation.",
                "Réparer les grosses pannes et remplacer la chaudière hors d'usage.",
            ),
            ("Radiateurs", "Purger les radiateurs en début de saison.", "Remplacer un radiateur défectueux."),
            (
                "Ventilation (VMC)",
                "Nettoyer les bouches d'aération, ne jamais les boucher.",
                "Entretenir et remplacer le moteur de la VMC.",
            ),
        ],
    ),
    (
        "Portes, fenêtres et volets",
        [
            (
                "Serrures et clés",
                "Graisser les serrures, refaire les clés perdues.",
                "Remplacer une serrure usée par le temps.",
            ),
            ("Volets", "Graisser les gonds, changer les sangles et cordons.", "Remplacer un volet vétuste."),
            ("Vitres", "Remplacer les vitres cassées.", ""),
        ],
    ),
]


def legal_pages(*, landlord_name: str, postal_address: str, support_email: str, support_phone: str) -> list:
    """(slug, title, show in footer, [(section title, rich text)]) of the help and legal pages."""
    address = postal_address.replace("\n", ", ")
    return [
        (
            "mentions-legales",
            "Mentions légales",
            [
                (
                    "Éditeur du portail",
                    f"<p>Le portail locataire est édité par {landlord_name}, office public de l'habitat, "
                    f"{address}. Téléphone : {support_phone}. Courriel : {support_email}.</p>"
                    "<p>Le directeur de la publication est le directeur général de l'office.</p>",
                ),
                (
                    "Hébergement",
                    "<p>Le portail et ses données sont hébergés en France, chez le prestataire d'hébergement "
                    "retenu par l'office ; ses coordonnées sont communiquées sur simple demande.</p>",
                ),
                (
                    "Propriété des contenus",
                    "<p>Les textes, logos et illustrations du portail appartiennent à l'office. Ils ne peuvent "
                    "pas être réutilisés sans son accord écrit.</p>",
                ),
            ],
        ),
        (
            "donnees-personnelles",
            "Données personnelles",
            [
                (
                    "Qui traite vos données ?",
                    f"<p>{landlord_name} est responsable des données traitées par le portail, pour gérer votre "
                    "bail et vous offrir les services en ligne (paiement, documents, demandes, dossier).</p>",
                ),
                (
                    "Ce que nous conservons",
                    "<ul><li>votre identité et celle des occupants déclarés : nom, prénom, date de naissance ;</li>"
                    "<li>vos coordonnées : adresse e-mail, téléphones ;</li>"
                    "<li>votre compte : identifiant, mot de passe chiffré, date d'inscription ;</li>"
                    "<li>votre compte locataire, vos paiements et vos mandats de prélèvement (l'IBAN est "
                    "chiffré ; les numéros de carte bancaire ne passent que par notre prestataire de "
                    "paiement) ;</li><li>vos demandes, leurs pièces jointes et les modifications de dossier ;</li>"
                    "<li>les journaux de connexion, pour la sécurité du service.</li></ul>",
                ),
                (
                    "Combien de temps",
                    "<ul><li>compte du portail : tant qu'il est ouvert ; supprimé à votre demande ou à la fin du "
                    "bail ;</li><li>données du bail, demandes et dossier : durée du bail, puis 5 ans ;</li>"
                    "<li>pièces comptables et paiements : 10 ans, comme l'exige la loi.</li></ul>"
                    "<p>Les fichiers, les sessions et les journaux de connexion ont leurs propres durées, "
                    "indiquées ci-dessous et appliquées automatiquement chaque jour. Depuis « Modifier mes "
                    "accès », « Télécharger mes données » vous remet tout ce que le portail conserve sur votre "
                    "compte et votre bail.</p>",
                ),
                (
                    "Vos droits",
                    "<p>Vous pouvez accéder à vos données, les faire rectifier ou effacer, en limiter "
                    "l'utilisation, vous opposer à un traitement et demander leur portabilité. Écrivez à "
                    f"{support_email} ou à {address}, en joignant votre numéro de contrat.</p>"
                    "<p>Si vous estimez que vos droits ne sont pas respectés, vous pouvez saisir la CNIL "
                    "(www.cnil.fr).</p>",
                ),
                (
                    "Cookies",
                    "<p>Le portail n'utilise que des cookies nécessaires à son fonctionnement : votre session, "
                    "la protection des formulaires, et un jeton anonyme qui retient que vous avez déjà donné "
                    "votre avis sur une réponse de la FAQ (conservé un an). Aucun cookie de mesure d'audience "
                    "ni de publicité.</p>",
                ),
            ],
        ),
        (
            "accessibilite",
            "Déclaration d'accessibilité",
            [
                (
                    "État de conformité",
                    f"<p>{landlord_name} s'engage à rendre son portail locataire accessible, conformément à "
                    "l'article 47 de la loi n° 2005-102 du 11 février 2005, selon le référentiel général "
                    "d'amélioration de l'accessibilité (RGAA 4.1).</p>"
                    "<p>Le portail n'a pas encore fait l'objet d'un audit complet : il est donc déclaré "
                    "<strong>non conforme</strong> au RGAA en attendant cet audit. Chaque écran est néanmoins "
                    "vérifié automatiquement (axe-core), utilisable au clavier et lisible par les lecteurs "
                    "d'écran.</p>",
                ),
                (
                    "Signaler un problème",
                    "<p>Si vous ne parvenez pas à accéder à un contenu ou à un service, signalez-le nous : "
                    f"par courriel à {support_email}, par téléphone au {support_phone} ou par courrier à "
                    f"{address}. Nous vous proposerons une solution ou l'information sous une autre forme.</p>",
                ),
                (
                    "Voies de recours",
                    "<p>Sans réponse satisfaisante de notre part, vous pouvez saisir le Défenseur des droits "
                    "(formulaire en ligne sur defenseurdesdroits.fr, ou courrier gratuit : Défenseur des droits, "
                    "Libre réponse 71120, 75342 Paris CEDEX 07).</p>",
                ),
            ],
        ),
        ("plan-du-site", "Plan du site", None),
    ]
