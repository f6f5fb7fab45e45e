"""Move the FAQ's themes and questions from its StreamField into child pages: one page per theme,
one page per question under its theme, live, in the same order (so the anchors do not change), each
question keeping its block id as the key of its helpfulness votes."""

import uuid

from django.db import migrations
from django.utils import timezone
from django.utils.text import slugify

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _step(number: int) -> str:
    digits = ""
    while number:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    return digits.rjust(STEPLEN, "0")


def _unique_slug(text: str, taken: set[str]) -> str:
    base = slugify(text)[:80].strip("-") or "page"
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    taken.add(slug)
    return slug


def _items(value) -> list:
    """A ListBlock value, stored in the list-of-blocks format or the older plain list."""
    return [item["value"] if isinstance(item, dict) and "type" in item and "value" in item else item for item in value]


def _ids(value) -> list:
    return [item.get("id") if isinstance(item, dict) and "type" in item and "value" in item else None for item in value]


class Tree:
    def __init__(self, apps):
        self.page_model = apps.get_model("wagtailcore", "Page")
        content_type = apps.get_model("contenttypes", "ContentType")
        self.theme_model = apps.get_model("faq", "FaqThemePage")
        self.question_model = apps.get_model("faq", "FaqQuestionPage")
        self.theme_type = content_type.objects.get_or_create(app_label="faq", model="faqthemepage")[0]
        self.question_type = content_type.objects.get_or_create(app_label="faq", model="faqquestionpage")[0]
        self.now = timezone.now()

    def add_child(self, parent, model, content_type, *, title: str, slug: str, **fields):
        last = self.page_model.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").first()
        number = int(last.path[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
        page = model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=parent.path + _step(number),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            locale_id=parent.locale_id,
            translation_key=uuid.uuid4(),
            live=True,
            has_unpublished_changes=False,
            first_published_at=self.now,
            last_published_at=self.now,
            show_in_menus=False,
            **fields,
        )
        self.page_model.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
        parent.numchild += 1
        return page


def forwards(apps, schema_editor):
    faq_model = apps.get_model("faq", "FaqIndexPage")
    tree = Tree(apps)
    for faq in faq_model.objects.all():
        theme_slugs: set[str] = set()
        for block in faq.body.raw_data:
            if block.get("type") != "theme":
                continue
            value = block["value"]
            theme = tree.add_child(
                faq, tree.theme_model, tree.theme_type, title=value["title"], slug=_unique_slug(value["title"], theme_slugs)
            )
            question_slugs: set[str] = set()
            for question, block_id in zip(_items(value["questions"]), _ids(value["questions"]), strict=True):
                tree.add_child(
                    theme,
                    tree.question_model,
                    tree.question_type,
                    title=question["question"],
                    slug=_unique_slug(question["question"], question_slugs),
                    answer=question["answer"],
                    vote_key=block_id or str(uuid.uuid4()),
                )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("faq", "0003_faq_questions_as_pages"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
