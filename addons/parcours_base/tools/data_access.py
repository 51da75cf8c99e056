"""Data categories of the health record and the groups that read them.

- identity: names, birth date and place, national identifier, contact details and
  address of the patient. Read by the professionals of the care team and the coordinators
  (group "Professional" and up); never by managers, accountants or evaluation exporters,
  who see pseudonymous references instead.
- administrative: programme, stages, dates, consent, care team, encounters' kind and
  duration, amounts. Read by everyone allowed on the record.
- social: social and relational situation, shared notes of the care plan and RCP. Read by
  social workers and health professionals ("Social data", implied by "Medical data").
- medical: clinical notes, serologies, treatments, substances, clinical outcomes. Read by
  health professionals only ("Medical data").

The data groups follow the profession of the user's partner (`parcours.profession`
`data_access`); record rules decide on which pathways the fields are read.
"""

IDENTITY = "parcours_base.group_parcours_professional"
# Free text about the pathway's course that coordination needs (end comment, referral outcome):
# the care team and the coordinators, never managers or accountants.
CARE_TEAM = IDENTITY
SOCIAL = "parcours_base.group_parcours_social_data"
MEDICAL = "parcours_base.group_parcours_medical_data"

# Models holding health data: their followers, attachments and access log are guarded.
HEALTH_MODELS = (
    "parcours.patient",
    "parcours.pathway",
    "parcours.encounter",
    "parcours.incident",
    "parcours.care.plan",
    "parcours.consent",
    "parcours.care.team.member",
    "parcours.inclusion.approval",
    "parcours.rcp.decision",
    "parcours.rcp.attendee",
)


def has_identity_access(env):
    """Whether names and contact details are shown to `env`'s user. Decided on the user
    even under sudo: Odoo names many2one values as superuser, and a manager must still get
    a reference there."""
    return env.user.has_group(IDENTITY)


def check_x2many_terms(records, domain):
    """Refuse a search on a to-many field of a data category the user does not read.

    Odoo checks the field groups of a search's terms on the fields it turns into SQL, but
    not on one2many and many2many terms, which it resolves as subqueries: without this,
    "pathways whose substances include heroin" would tell a manager who uses heroin.
    """
    for term in domain:
        if not isinstance(term, list | tuple) or len(term) != 3 or not isinstance(term[0], str):
            continue
        field = records._fields.get(term[0].split(".", 1)[0])
        if field and field.type in ("one2many", "many2many") and field.groups:
            records.check_field_access_rights("read", [field.name])


# Per-programme data access: the categories a level opens (a profession's `data_access`, or
# the level a programme's policy gives that profession).
CATEGORY_GROUPS = {"medical": MEDICAL, "social": SOCIAL}
LEVEL_CATEGORIES = {"medical": ("medical", "social"), "social": ("social",), "none": ()}


def field_category(field):
    """'medical' or 'social' for a field of that data category, else None."""
    groups = (field.groups or "").split(",")
    if MEDICAL in groups:
        return "medical"
    if SOCIAL in groups:
        return "social"
    return None


def widest_level(levels):
    """The level opening the most categories among `levels` ('none' when empty)."""
    return max(levels, key=lambda level: len(LEVEL_CATEGORIES[level]), default="none")


def category_restrictions(default_level, programme_levels, held_categories):
    """{category: (operator, programme ids)} limiting each held category to the programmes
    whose level opens it.

    `default_level` is the profession's own level, `programme_levels` {programme id: level}
    the programmes' overrides for that profession, `held_categories` the categories whose
    group the user holds (the outer gate, decided by Odoo). A category open everywhere has
    no restriction.

    >>> category_restrictions("medical", {7: "social"}, {"medical", "social"})
    {'medical': ('not in', [7])}
    >>> category_restrictions("social", {7: "medical"}, {"medical", "social"})
    {'medical': ('in', [7])}
    >>> category_restrictions("medical", {}, {"medical", "social"})
    {}
    """
    restrictions = {}
    for category in ("medical", "social"):
        if category not in held_categories:
            continue
        opens = {
            programme: category in LEVEL_CATEGORIES[level]
            for programme, level in programme_levels.items()
        }
        if category in LEVEL_CATEGORIES[default_level]:
            denied = sorted(programme for programme, opened in opens.items() if not opened)
            if denied:
                restrictions[category] = ("not in", denied)
        else:
            restrictions[category] = (
                "in",
                sorted(programme for programme, opened in opens.items() if opened),
            )
    return restrictions
