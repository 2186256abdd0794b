"""Curation in the Django admin: review candidate events, approve/reject/merge them, re-extract articles.

Every write goes through timeline.services so the admin, the web form and the commands agree on
what approving, merging or re-extracting means; this module only wires admin screens to them.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from timeline import services
from timeline.models import Actor, Article, Event, Mention, Place, Status, Topic

admin.site.site_header = "Diplomatic Timeline — curation"
admin.site.site_title = "Diplomatic Timeline admin"
admin.site.index_title = "Curate events, articles and the gazetteer"
admin.site.site_url = "/"


def highlighted_sentence(mention: Mention):
    """The mention's sentence with its time expression wrapped in <mark>; every part is escaped."""
    if mention.start is None or mention.sentence_start is None:
        return "—"  # an unsaved row (e.g. a formset re-rendered after a validation error)
    before, expression, after = mention.sentence_parts
    return format_html("{}<mark>{}</mark>{}", before, expression, after)


def aliases_display(obj) -> str:
    return ", ".join(obj.alias_list) or "—"


class YearListFilter(admin.SimpleListFilter):
    """Events whose earliest possible date falls in the chosen year."""

    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("earliest", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        try:
            year = int(value)
        except (TypeError, ValueError):
            # A hand-edited URL with a garbage year shows nothing rather than everything.
            return queryset.none()
        return queryset.filter(earliest__year=year)


class ReadOnlyMentionInline(admin.TabularInline):
    """Mentions as found by ingestion: shown with the expression marked in its sentence, never edited here."""

    model = Mention
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="sentence")
    def source_sentence(self, mention: Mention):
        return highlighted_sentence(mention)


class MentionInline(ReadOnlyMentionInline):
    """The sources of an event, read-only: the sentence with its expression marked, and where it came from."""

    show_change_link = False
    fields = ("source_sentence", "expression", "value", "resolved", "source_article")
    readonly_fields = fields
    verbose_name = "source"
    verbose_name_plural = "sources"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article").order_by("article__published", "start")

    @admin.display(description="resolves to")
    def resolved(self, mention: Mention) -> str:
        if mention.earliest is None:
            return "—"
        if mention.earliest == mention.latest:
            return mention.earliest.isoformat()
        return f"{mention.earliest.isoformat()} – {mention.latest.isoformat()}"

    @admin.display(description="article")
    def source_article(self, mention: Mention):
        if mention.article_id is None:
            return "—"
        article = mention.article
        return format_html(
            '<a href="{}">{}</a><br>{} · {} · <a href="{}">edit in admin</a>',
            article.get_absolute_url(),
            Truncator(article.title).chars(90),
            article.outlet or "no outlet",
            article.published.isoformat(),
            reverse("admin:timeline_article_change", args=[article.pk]),
        )


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("label", "title", "kind", "modality", "status", "sources", "place")
    list_display_links = ("label", "title")
    list_filter = ("status", "kind", "modality", "actors", "topics", YearListFilter)
    search_fields = ("title", "summary", "mentions__sentence")
    search_help_text = "Searches event titles, summaries and the source sentences."
    list_select_related = ("place",)
    date_hierarchy = "earliest"
    ordering = ("earliest", "latest", "id")
    list_per_page = 50
    autocomplete_fields = ("place", "actors", "topics")
    readonly_fields = ("source_count", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "summary", ("kind", "modality", "status"))}),
        ("When", {"fields": (("earliest", "latest"), ("precision", "label"))}),
        ("Who and where", {"fields": ("place", "actors", "topics")}),
        ("Record", {"fields": ("source_count", "created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (MentionInline,)
    actions = ("approve_events", "reject_events", "merge_events")

    @admin.display(description="sources", ordering="source_count")
    def sources(self, event: Event) -> int:
        return event.source_count

    @admin.action(description="Approve selected events", permissions=["change"])
    def approve_events(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        count = services.events_set_status(events=queryset, status=Status.APPROVED)
        self.message_user(request, f"Approved {count} event{'s' if count != 1 else ''}.", messages.SUCCESS)

    @admin.action(description="Reject selected events", permissions=["change"])
    def reject_events(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        count = services.events_set_status(events=queryset, status=Status.REJECTED)
        self.message_user(request, f"Rejected {count} event{'s' if count != 1 else ''}.", messages.SUCCESS)

    @admin.action(description="Merge selected events into one", permissions=["change"])
    def merge_events(self, request: HttpRequest, queryset: QuerySet[Event]):
        events = list(queryset.select_related("place").order_by("earliest", "latest", "id"))
        if len(events) < 2:
            self.message_user(request, "Select at least two events to merge.", messages.WARNING)
            return None
        if request.POST.get("post") != "yes":
            # Merging cannot be undone from the admin, so show what will be merged first.
            context = {
                **self.admin_site.each_context(request),
                "title": "Merge events?",
                "subtitle": None,
                "opts": self.model._meta,
                "events": events,
                # events_merge keeps the oldest event (lowest id) and folds the others into it.
                "keeper": min(events, key=lambda e: e.pk),
                "total_sources": sum(e.source_count for e in events),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "media": self.media,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, "admin/timeline/event/merge_confirmation.html", context)
        merged = services.events_merge(events=events)
        self.message_user(
            request,
            format_html(
                'Merged {} events into <a href="{}">{}</a> ({} sources).',
                len(events),
                reverse("admin:timeline_event_change", args=[merged.pk]),
                str(merged),
                merged.source_count,
            ),
            messages.SUCCESS,
        )
        return None


class ArticleMentionInline(ReadOnlyMentionInline):
    """Every time expression found in an article and the event it dates, read-only."""

    fields = ("source_sentence", "expression", "value", "timex_type", "event_link")
    readonly_fields = fields
    verbose_name = "time expression"
    verbose_name_plural = "time expressions"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")

    @admin.display(description="event")
    def event_link(self, mention: Mention):
        if mention.event_id is None:
            return "— (no event)"
        return format_html(
            '<a href="{}">{}</a> ({})',
            reverse("admin:timeline_event_change", args=[mention.event_id]),
            str(mention.event),
            mention.event.get_status_display(),
        )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "outlet", "published", "ingested_at", "mention_count", "public_page")
    list_filter = ("outlet", "language", "source_format")
    search_fields = ("title", "outlet", "url")
    date_hierarchy = "published"
    # The body is what every mention offset points into; editing it would corrupt them, so it is
    # read-only here and changes go through re-ingestion.
    readonly_fields = ("body", "content_hash", "source_format", "ingested_at", "mention_count")
    fields = ("title", "outlet", "url", "published", "language", "source_format", "content_hash", "ingested_at", "body")
    inlines = (ArticleMentionInline,)
    actions = ("reextract_articles",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_mention_count=Count("mentions"))

    @admin.display(description="mentions", ordering="_mention_count")
    def mention_count(self, article: Article) -> int:
        return getattr(article, "_mention_count", None) or article.mentions.count()

    @admin.display(description="page")
    def public_page(self, article: Article):
        return format_html('<a href="{}">view</a>', article.get_absolute_url())

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        self._delete_articles(request, [obj.pk])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._delete_articles(request, list(queryset.values_list("pk", flat=True)))

    def _delete_articles(self, request: HttpRequest, ids: list[int]) -> None:
        """Delete articles and keep their events honest: recount and re-date them, drop those left unsourced."""
        with transaction.atomic():
            event_ids = set(
                Mention.objects.filter(article_id__in=ids, event__isnull=False).values_list("event_id", flat=True)
            )
            Article.objects.filter(pk__in=ids).delete()
            unsourced = []
            for event in Event.objects.filter(pk__in=event_ids).annotate(n_sources=Count("mentions")):
                if event.n_sources == 0:
                    # An event with no sentence behind it would contradict the timeline's promise.
                    unsourced.append(str(event))
                    event.delete()
                else:
                    services.event_recompute(event=event)
        if unsourced:
            self.message_user(
                request,
                f"Deleted {len(unsourced)} event{'s' if len(unsourced) != 1 else ''} left without sources: "
                + "; ".join(unsourced[:10])
                + (" …" if len(unsourced) > 10 else ""),
                messages.WARNING,
            )

    @admin.action(description="Re-extract time expressions and events", permissions=["change"])
    def reextract_articles(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        done = created = merged = mentions = 0
        for article in queryset.order_by("published", "id"):
            result = services.article_reextract(article=article)
            done += 1
            created += len(result.events_created)
            merged += len(result.events_merged)
            mentions += len(result.mentions)
        self.message_user(
            request,
            f"Re-extracted {done} article{'s' if done != 1 else ''}: {mentions} time expressions, "
            f"{created} new events, {merged} merged into existing events.",
            messages.SUCCESS,
        )


class GazetteerAdmin(admin.ModelAdmin):
    """Shared list/search for names that carry aliases (actors, places, topics)."""

    search_fields = ("name", "aliases")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_event_count=Count("events", distinct=True))

    @admin.display(description="aliases")
    def alias_summary(self, obj) -> str:
        return Truncator(aliases_display(obj)).chars(120)

    @admin.display(description="events", ordering="_event_count")
    def event_count(self, obj) -> int:
        return getattr(obj, "_event_count", 0)


@admin.register(Actor)
class ActorAdmin(GazetteerAdmin):
    list_display = ("name", "alias_summary", "description", "event_count")
    search_fields = ("name", "aliases", "description")


@admin.register(Place)
class PlaceAdmin(GazetteerAdmin):
    list_display = ("name", "alias_summary", "country", "event_count")
    list_filter = ("country",)
    search_fields = ("name", "aliases", "country")


@admin.register(Topic)
class TopicAdmin(GazetteerAdmin):
    list_display = ("name", "slug", "alias_summary", "event_count")
    prepopulated_fields = {"slug": ("name",)}

