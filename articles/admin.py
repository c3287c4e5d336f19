"""The newsroom's admin: where reporters write and editors review.

Model permissions come from the Reporter and Editor groups; the object-level
rules (a reporter sees and edits only their own drafts, nobody edits a
published article without saying why, nobody deletes one) are enforced here
for every admin route and again in ``articles.workflow`` for every change of
state, so a forged POST changes nothing either way.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from js_asset import Media
from reversion.admin import VersionAdmin
from reversion.models import Version as ReversionVersion
from taggit.utils import parse_tags

from articles import (
    addresses,
    autosave,
    body,
    merging,
    rendering,
    suggestions,
    tagging,
    topics,
)
from articles.editorial_views import parse_time
from articles.models import (
    Activity,
    Article,
    Byline,
    Correction,
    FoundBy,
    ShareLink,
    Status,
    TaggedPerson,
    TaggedTopic,
    TaggedWork,
    Topic,
)
from articles.widgets import BodyWidget
from articles.workflow import (
    WorkflowError,
    activity,
    checks,
    concurrency,
    permissions,
    revisions,
    sharing,
    transitions,
)
from articles.workflow.permissions import can_edit, can_view, is_editor
from images.admin import ImageAdmin
from images.models import NO_IMAGE, Image
from newsroom.admin_widgets import (
    CheckedAutocompleteMixin,
    CheckedAutocompleteSelectMultiple,
)
from newsroom.timezones import zone_label
from people.admin import PersonAdmin, WorkAdmin
from people.models import Person, StaffProfile, Work

CHANGE_KIND_CHOICES = [("", "— choose —")] + [
    (kind.value, kind.label) for kind in transitions.PUBLIC_CHANGE_KINDS
]


class ArticleForm(forms.ModelForm):
    """The article form, with the optimistic lock and the public-change note."""

    # Not named lock_version: that model field is not editable.
    seen_lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # What the form showed when it was opened (signed), and the fields of a
    # concurrent edit still to be decided: see articles.workflow.concurrency.
    merge_base = forms.CharField(widget=forms.HiddenInput, required=False)
    merge_pending = forms.CharField(widget=forms.HiddenInput, required=False)
    change_kind = forms.ChoiceField(
        label="Kind of change",
        choices=CHANGE_KIND_CHOICES,
        required=False,
        help_text=(
            "Readers already see this article. A correction, clarification or "
            "update adds a dated note for them; a minor fix (a typo) does not."
        ),
    )
    change_note = forms.CharField(
        label="Note for readers",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For a correction: what was wrong and what is right.",
    )
    # Names a new article's form for its autosaved drafts (articles.autosave);
    # the change form's template renders it, outside the fieldsets.
    autosave_token = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64
    )
    # One search per kind, by id: two works can share a title ("Where the
    # Wild Things Are" the film and the book), and each result says which
    # is which (Work.__str__). Select2 searches through the admin's own
    # autocomplete view, with the through model's foreign key as its source.
    tagged_people = forms.ModelMultipleChoiceField(
        label="People mentioned",
        queryset=Person.objects.all(),
        required=False,
        widget=CheckedAutocompleteSelectMultiple(
            TaggedPerson._meta.get_field("tag"), admin.site
        ),
        help_text="Type a name, pick with the arrow keys and Enter.",
    )
    tagged_works = forms.ModelMultipleChoiceField(
        label="Works mentioned",
        queryset=Work.objects.all(),
        required=False,
        widget=CheckedAutocompleteSelectMultiple(
            TaggedWork._meta.get_field("tag"), admin.site
        ),
        help_text="Type a title; the kind and year tell works of one title apart.",
    )
    # Topics: the same search over the topics there are, and a text field
    # for new ones (a reporter may only view topics, not add them in the
    # topic admin: typing a name here makes the topic, as taggit's field
    # did). clean() hands taggit the names of both, as its field gave them.
    topics = forms.ModelMultipleChoiceField(
        label="Topics",
        queryset=Topic.objects.all(),
        required=False,
        widget=CheckedAutocompleteSelectMultiple(
            TaggedTopic._meta.get_field("tag"), admin.site
        ),
        help_text="Type a topic, pick with the arrow keys and Enter.",
    )
    new_topics = forms.CharField(
        label="New topics",
        required=False,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
        help_text="Topics not in the list yet, separated by commas.",
    )

    class Media:
        js = ["articles/tag_fields.js"]

    class Meta:
        model = Article
        # The admin adds the rest from its fieldsets (with its URL settings).
        fields = ["headline", "dek", "body"]
        widgets = {"body": BodyWidget()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seen_lock_version"].initial = self.instance.lock_version
        self.public_change_kind = ""
        # Filled in by a save from an out-of-date form (see _merge).
        self.conflicts: list[concurrency.Conflict] = []
        self.keep_theirs: set[str] = set()
        self.merged_from_others: list[str] = []
        if self.instance.pk is not None and not self.is_bound:
            self.fields["merge_base"].initial = concurrency.sign_base(
                concurrency.content_of(self.instance)
            )
        if self.instance.pk is not None and "body" in self.fields:
            # Links with their current addresses, images with a preview.
            self.initial["body"] = rendering.for_editing(self.instance.body)
        request = getattr(self, "request", None)
        if request is not None:
            # "+" beside each picker: a reporter adds the artist they write
            # about (it waits for an editor's approval, people.services).
            for name, through in (
                ("tagged_people", TaggedPerson),
                ("tagged_works", TaggedWork),
            ):
                field = self.fields.get(name)
                if field is None:
                    continue
                rel = through._meta.get_field("tag").remote_field
                field.widget = RelatedFieldWidgetWrapper(
                    field.widget,
                    rel,
                    admin.site,
                    can_add_related=request.user.has_perm(
                        f"people.add_{rel.model._meta.model_name}"
                    ),
                )
        if self.instance.pk is not None:
            for name, related in (
                ("tagged_people", "person_tags"),
                ("tagged_works", "work_tags"),
            ):
                self.initial[name] = list(
                    getattr(self.instance, related)
                    .order_by("pk")
                    .values_list("tag_id", flat=True)
                )
            self.initial["topics"] = list(
                self.instance.topic_tags.order_by("pk").values_list("tag_id", flat=True)
            )

    def accepted(self, kind: str) -> set[int]:
        """The ids of the known ``kind`` suggestions the reporter accepted (the
        panel's ``accepted_people`` / ``accepted_works`` boxes, ticked by hand
        or by its script). Anything else posted there is ignored."""
        name, model = {
            "person": ("accepted_people", Person),
            "work": ("accepted_works", Work),
        }[kind]
        ids = {
            int(raw)
            for raw in self.data.getlist(name)[:1000]
            if raw.isdigit() and len(raw) <= 18
        }
        if not ids:
            return set()
        return set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))

    def clean_body(self) -> str:
        """The body in the schema (articles.body), however the widget sent it."""
        try:
            cleaned = body.clean(
                self.cleaned_data.get("body", ""),
                resolve=rendering.internal_reference,
            )
        except body.BodyError as exc:
            raise ValidationError(str(exc)) from None
        problems = rendering.figure_problems(cleaned)
        if problems:
            raise ValidationError(problems)
        return cleaned

    def clean_slug(self) -> str:
        """No article takes an address that still leads to another one."""
        slug = self.cleaned_data["slug"]
        owner = addresses.old_address_owner(slug, article=self.instance)
        if owner is not None:
            raise ValidationError(
                addresses.SLUG_TAKEN_BY_OLD_ADDRESS.format(headline=owner)
            )
        return slug

    def clean_new_topics(self) -> list[str]:
        """The new topics' names, each checked as a topic's name is."""
        # The trailing comma keeps taggit's parser in its comma mode: a name
        # with spaces ("Music videos") is one topic, as the help text says,
        # not one per word.
        names = parse_tags(self.cleaned_data.get("new_topics", "") + ",")
        name_field = Topic._meta.get_field("name")
        for name in names:
            try:
                name_field.clean(name, None)
            except ValidationError as exc:
                raise ValidationError(
                    f"“{name[:100]}”: {' '.join(exc.messages)}"
                ) from None
        return names

    def clean(self):
        cleaned = super().clean()
        if "topics" in self.fields:
            # taggit saves the article's topics from their names: the picked
            # ones and the new ones (a name that exists is that topic).
            picked = [topic.name for topic in cleaned.get("topics") or []]
            cleaned["topics"] = sorted(
                set(picked) | set(cleaned.get("new_topics") or [])
            )
        if self.instance.pk is None:
            return cleaned
        # The admin runs the whole change view in a transaction: the row stays
        # locked (on PostgreSQL) from this check until the save.
        current = Article.objects.select_for_update().get(pk=self.instance.pk)
        seen = cleaned.get("seen_lock_version")
        if seen != current.lock_version:
            self._merge(current)
        elif self.data.get("merge_pending"):
            self._apply_choices(current)
        # The lead image shows on the page as much as the text does; a body
        # that differs only in markup or line breaks has not changed.
        changed = set(self.changed_data) & {"headline", "dek", "lead_image"}
        if "body" in self.changed_data and body.readable(current.body) != body.readable(
            cleaned.get("body", "")
        ):
            changed.add("body")
        text_changed = bool(changed)
        if text_changed and current.is_public:
            kind = cleaned.get("change_kind", "")
            try:
                transitions.check_public_change(kind, cleaned.get("change_note", ""))
            except WorkflowError as exc:
                raise ValidationError(str(exc)) from None
            self.public_change_kind = kind
        return cleaned

    # Concurrent edits ---------------------------------------------------------

    def _formsets(self) -> dict:
        # The admin's inline formsets of this request (ArticleAdmin keeps
        # them on the request): bylines and tags are merged as fields too.
        request = getattr(self, "request", None)
        return getattr(request, "article_formsets", {})

    def _mine(self, theirs: dict, base: dict | None) -> dict:
        """What this form would save, as plain values (``concurrency``)."""
        cleaned = self.cleaned_data
        mine = {
            name: cleaned.get(name, "")
            for name in concurrency.TEXT_FIELDS
            if name in self.fields
        }
        if "lead_image" in self.fields:
            image = cleaned.get("lead_image")
            mine["lead_image"] = image.pk if image else None
        if "topics" in self.fields:
            mine["topics"] = sorted(cleaned.get("topics") or [])
        for name, field in concurrency.PICKER_FIELDS.items():
            if field in self.fields:
                kind = "person" if name == "people" else "work"
                picked = {tag.pk for tag in cleaned.get(field) or []}
                mine[name] = sorted(picked | self.accepted(kind))
        for prefix, formset in self._formsets().items():
            name = concurrency.INLINE_FIELDS.get(prefix)
            if name is None:
                continue
            if not formset.has_changed():
                # Unchanged here: whatever the other side did stands.
                mine[name] = (base or theirs).get(name, theirs[name])
            else:
                formset.is_valid()
                mine[name] = _formset_value(name, formset)
        return mine

    def _merge(self, current: Article) -> None:
        """Merge this save, from a form opened before someone else's save,
        with the article as it is now; stop at the fields both changed."""
        base = concurrency.read_base(self.data.get("merge_base", ""))
        theirs = concurrency.content_of(current)
        mine = self._mine(theirs, base)
        if base is not None:
            # Someone saved again while this person chose on the conflict
            # screen: "keep theirs" meant the version shown there (the base).
            for name in self._pending():
                if self.data.get(f"merge_choice_{name}") == "theirs" and name in mine:
                    mine[name] = base.get(name, mine[name])
        result = merging.merge(base, theirs, mine, same=concurrency.same)
        data = self.data.copy()
        data["seen_lock_version"] = str(current.lock_version)
        data["merge_base"] = concurrency.sign_base(theirs)
        data["merge_pending"] = ",".join(result.conflicts)
        self.data = data
        # Fields whose merged value is not what the form sends hold theirs.
        form_values = self._mine(theirs, base)
        self._take_theirs(
            current,
            [
                name
                for name, value in result.merged.items()
                if concurrency.same(name, value)
                != concurrency.same(name, form_values[name])
            ],
        )
        self.merged_from_others = result.taken_from_theirs
        if getattr(self, "request", None) is not None:
            # A workflow button pressed with this save waits: the person
            # has not seen the merged article yet.
            self.request.article_merged_from_others = result.taken_from_theirs
        if not result.conflicts:
            return
        self.conflicts = concurrency.conflicts_of(result.conflicts, theirs, mine)
        who = current.updated_by or "someone"
        when = timezone.localtime(current.updated_at)
        taken = [concurrency.LABELS[name].lower() for name in result.taken_from_theirs]
        raise ValidationError(
            format_html(
                "{} saved this article at {} while you were editing it. {}You "
                "both changed {}: for each, choose below which version to keep, "
                "then save again. Nothing is saved until you do.",
                who,
                f"{when:%H:%M:%S}",
                f"Their changes to {', '.join(taken)} are merged into your version. "
                if taken
                else "",
                ", ".join(c.label.lower() for c in self.conflicts),
            ),
            code="stale",
        )

    def _apply_choices(self, current: Article) -> None:
        """Apply "keep mine" / "keep theirs" from the conflict screen."""
        theirs = concurrency.content_of(current)
        mine = self._mine(theirs, None)
        undecided = []
        for name in self._pending():
            choice = self.data.get(f"merge_choice_{name}")
            if choice == "theirs":
                self._take_theirs(current, [name])
            elif (
                choice != "mine"
                and name in mine
                and concurrency.same(name, mine[name])
                != concurrency.same(name, theirs[name])
            ):
                undecided.append(name)
        if undecided:
            self.conflicts = concurrency.conflicts_of(undecided, theirs, mine)
            raise ValidationError(
                "Choose which version to keep for: "
                + ", ".join(c.label.lower() for c in self.conflicts)
                + ".",
                code="undecided",
            )

    def _pending(self) -> list[str]:
        """The fields the conflict screen asked about."""
        raw = self.data.get("merge_pending", "")
        return [name for name in raw.split(",") if name in concurrency.LABELS]

    def _take_theirs(self, current: Article, names: list[str]) -> None:
        """Save the other person's value of each field in ``names``, and show
        it in the form if it is shown again."""
        data = self.data.copy()
        for name in names:
            if name in concurrency.INLINE_FIELDS.values():
                self.keep_theirs.add(name)
            elif name == "lead_image":
                self.cleaned_data["lead_image"] = current.lead_image
                data["lead_image"] = str(current.lead_image_id or "")
            elif name in concurrency.PICKER_FIELDS:
                field = concurrency.PICKER_FIELDS[name]
                related = "person_tags" if name == "people" else "work_tags"
                ids = list(
                    getattr(current, related)
                    .order_by("pk")
                    .values_list("tag_id", flat=True)
                )
                self.cleaned_data[field] = list(
                    self.fields[field].queryset.filter(pk__in=ids)
                )
                data.setlist(field, [str(pk) for pk in ids])
                # Suggestions ticked here are part of "mine": not kept.
                data.setlist(f"accepted_{name}", [])
            elif name == "topics":
                tags = list(current.topics.all())
                self.cleaned_data["topics"] = [tag.name for tag in tags]
                data.setlist("topics", [str(tag.pk) for tag in tags])
                data["new_topics"] = ""
            elif name == "body":
                self.cleaned_data["body"] = current.body
                data["body"] = rendering.for_editing(current.body)
            else:
                self.cleaned_data[name] = getattr(current, name)
                data[name] = getattr(current, name)
        self.data = data


def _formset_value(name: str, formset) -> list:
    """An inline formset's rows as ``concurrency.content_of`` gives them."""
    rows = []
    for form in formset.forms:
        cleaned = getattr(form, "cleaned_data", None)
        if not cleaned or cleaned.get("DELETE"):
            continue
        if name == "bylines":
            person = cleaned.get("person")
            rows.append(
                (
                    cleaned.get("position") or 0,
                    concurrency.byline_row(
                        person.pk if person else None,
                        cleaned.get("organisation", ""),
                        cleaned.get("title", ""),
                        cleaned.get("role", ""),
                    ),
                )
            )
        elif cleaned.get("tag") is not None:
            rows.append((cleaned["tag"].pk, cleaned["tag"].pk))
    return [row for _key, row in sorted(rows, key=lambda pair: pair[0])]


class ArticleInlineMixin(CheckedAutocompleteMixin):
    """Inlines on an article follow the article: editable only if it is."""

    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and (
            obj is None or can_edit(request.user, obj)
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or can_edit(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (
            obj is None or can_edit(request.user, obj)
        )


class BylineForm(forms.ModelForm):
    """A byline row; the one a new article starts with (its author's person,
    from their staff profile) is saved as it is shown, unless emptied."""

    class Meta:
        model = Byline
        fields = ["position", "person", "organisation", "title", "role"]

    def __init__(self, *args, **kwargs) -> None:
        self.prefilled = bool(kwargs.get("initial", {}).get("person"))
        super().__init__(*args, **kwargs)

    def has_changed(self) -> bool:
        # An untouched row is skipped by the formset; the prefilled one is the
        # author's byline the form shows, so it counts while it names someone.
        if self.prefilled:
            return bool(self["person"].value() or self["organisation"].value())
        return super().has_changed()


class BylineInline(ArticleInlineMixin, admin.TabularInline):
    """The byline. A new article starts with its author in it: the person
    their login is linked to (``people.StaffProfile``), shown in the form so
    they can see it, change it or remove it before the first save."""

    model = Byline
    form = BylineForm
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["position", "person", "organisation", "title", "role"]

    def get_extra(self, request, obj=None, **kwargs) -> int:
        return 1 if obj is None and author_person(request.user) else 0


def author_person(user) -> Person | None:
    """The person ``user``'s login is, for their byline, if it is linked."""
    profile = StaffProfile.objects.filter(user_id=user.pk).select_related("person")
    found = profile.first()
    return found.person if found else None


class CorrectionInline(admin.StackedInline):
    """Public notes. Only editors add, change or delete them; each save of the
    article keeps a revision, so an edited note is never lost."""

    model = Correction
    extra = 0
    fields = ["kind", "text", "created_at", "created_by"]
    readonly_fields = ["created_by"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and field is not None:
            # The date readers see on the note, entered in the newsroom's zone.
            field.help_text = f"In {zone_label()}."
        return field

    def has_add_permission(self, request, obj=None) -> bool:
        return is_editor(request.user) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_editor(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_editor(request.user) and super().has_delete_permission(request, obj)


class ReviewQueueFilter(admin.SimpleListFilter):
    """Editors' queue: what waits for review, the longest-waiting first."""

    title = "review queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("waiting", "Waiting for review")]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(status=Status.IN_REVIEW)
        return queryset


class ArticleChangeList(ChangeList):
    """The article list, without the text of the articles it lists."""

    def get_results(self, request) -> None:
        # The list shows headlines, states and dates: the bodies (several kB
        # each, a hundred a page) were read and thrown away. Only the rows
        # shown are deferred; actions get whole articles from get_queryset().
        self.queryset = self.queryset.defer("body")
        super().get_results(request)


class CappedCountPaginator(Paginator):
    """A changelist paginator that counts at most ``cap + 1`` rows.

    The admin counts the filtered list on every view to draw page links; on
    the whole article table that is a full scan that grows with the site.
    Past ``cap`` the list says "more than" and editors narrow it with the
    filters and search (``admin/articles/article/pagination.html``).
    """

    cap = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap


class CheckedVersionAdmin(CheckedAutocompleteMixin, VersionAdmin):
    """django-reversion's admin, with its history, revision and recover views
    checking the object before anything else.

    reversion's revision and recover views revert the revision first (inside
    a transaction they roll back) and check permissions later, and their
    error message names the object: for any version id, whatever its model.
    Here a revision must be of an object the user may see in this admin, and
    a recovery of a deleted object of this model by someone who may recover;
    anything else is a 404, like an object that does not exist.
    """

    def visible_object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404("No such object.")
        return obj

    def has_recover_permission(self, request) -> bool:
        return self.has_add_permission(request)

    def history_view(self, request, object_id, extra_context=None):
        self.visible_object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.visible_object_or_404(request, object_id)
        if not ReversionVersion.objects.get_for_object(obj).filter(pk=version_id):
            raise Http404("No such revision.")
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        # Only a deleted object can be recovered: on a live one, reversion's
        # revert would also delete what was added to it since.
        deleted = ReversionVersion.objects.get_deleted(self.model)
        if not deleted.filter(pk=version_id).exists():
            raise Http404("No deleted object with that revision.")
        return super().recover_view(request, version_id, extra_context)


@admin.register(Article)
class ArticleAdmin(CheckedVersionAdmin):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "headline_or_slug",
        "status",
        "author",
        "waiting",
        "published_at",
        "updated_at",
    ]
    # Publication date as a filter of fixed ranges (today, past 7 days, this
    # month, this year): date_hierarchy drew its year links from a DISTINCT
    # over every article's date on each list view (34 ms at 100k articles).
    list_filter = [
        ReviewQueueFilter,
        "status",
        "headline_origin",
        ("published_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["created_by"]
    search_fields = ["headline", "dek", "slug"]
    paginator = CappedCountPaginator
    prepopulated_fields = {"slug": ["headline"]}
    # The taggit managers for people and works are edited through the form's
    # tag pickers (tagged_people, tagged_works), which keep how each was found.
    exclude = ["people", "works"]
    # State fields change only through articles.workflow, never in the form.
    readonly_fields = [
        "status",
        "published_at",
        "first_published_at",
        "review_note",
        "submitted_at",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "source_key",
        "lead_image_preview",
        "suggested_tags",
        "tags_added",
    ]
    autocomplete_fields = ["lead_image"]
    inlines = [BylineInline, CorrectionInline]
    actions = ["submit_selected", "publish_selected"]
    # A million-row table must not be counted on every list page view.
    show_full_result_count = False
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        draft = restoring_draft(request, obj if obj.pk is not None else None)
        data = autosave.data_of(draft) if draft is not None else None
        if data is not None and f"{prefix}-TOTAL_FORMS" in data:
            # The rows as the writer left them (bylines added, changed or
            # marked for removal), shown like a form sent back to them.
            kwargs.update(data=data, files={})
            return kwargs
        if isinstance(inline, BylineInline) and obj.pk is None:
            person = author_person(request.user)
            if person is not None:
                kwargs["initial"] = [{"person": person.pk, "role": "writer"}]
        return kwargs

    def get_fieldsets(self, request, obj=None):
        content = ["headline", "headline_origin", "slug", "dek", "body"]
        if obj is None or can_edit(request.user, obj):
            # Only a form that can be saved carries the lock it was opened at.
            content += ["seen_lock_version", "merge_base", "merge_pending"]
        fieldsets = [
            (None, {"fields": content}),
            ("Lead image", {"fields": ["lead_image", "lead_image_preview"]}),
        ]
        # People and works: the pickers for whoever may edit, the suggestions
        # from the text beside them, and who added each tag for everyone.
        tag_fields = []
        if obj is None or can_edit(request.user, obj):
            tag_fields += ["tagged_people", "tagged_works", "suggested_tags"]
        if obj is not None:
            tag_fields.append("tags_added")
        fieldsets.append(("People and works mentioned", {"fields": tag_fields}))
        if obj is not None and obj.is_public and can_edit(request.user, obj):
            fieldsets.append(
                (
                    "Changing a published article",
                    {"fields": ["change_kind", "change_note"]},
                )
            )
        fieldsets += [
            (
                "Publication",
                {
                    "description": f"Times are in {zone_label()}.",
                    "fields": [
                        "status",
                        "review_note",
                        "submitted_at",
                        "published_at",
                        "first_published_at",
                    ],
                },
            ),
            (
                "Topics",
                {
                    "fields": ["topics", "new_topics"]
                    if obj is None or can_edit(request.user, obj)
                    else ["topics"]
                },
            ),
            (
                "Source",
                {
                    # The dateline is where the source filed the story from.
                    "fields": ["dateline", "source_name", "source_url", "source_key"],
                    "classes": ["collapse"],
                },
            ),
            (
                "History",
                {
                    "fields": ["created_by", "created_at", "updated_by", "updated_at"],
                    "classes": ["collapse"],
                },
            ),
        ]
        return fieldsets

    # Who sees and changes what ---------------------------------------------

    def get_queryset(self, request) -> QuerySet[Article]:
        queryset = super().get_queryset(request)
        if is_editor(request.user):
            return queryset
        return queryset.filter(pk__in=permissions.visible_articles(request.user))

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_ordering(self, request):
        if request.GET.get("queue") == "waiting":
            return ["submitted_at", "pk"]
        return super().get_ordering(request)

    def has_view_permission(self, request, obj=None) -> bool:
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or can_view(request.user, obj))

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.can_delete(request.user, obj))

    def has_review_permission(self, request) -> bool:
        return is_editor(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Deleting goes through the change page, one article at a time, where
        # the rule "never delete what readers have seen" is checked per object.
        actions.pop("delete_selected", None)
        return actions

    # List columns ------------------------------------------------------------

    @admin.display(description="headline", ordering="headline")
    def headline_or_slug(self, obj: Article) -> str:
        return str(obj)

    @admin.display(description="author", ordering="created_by__username")
    def author(self, obj: Article) -> str:
        return str(obj.created_by or "importer")

    @admin.display(description="waiting for review", ordering="submitted_at")
    def waiting(self, obj: Article) -> str:
        if obj.status != Status.IN_REVIEW or obj.submitted_at is None:
            return "—"
        return timesince(obj.submitted_at)

    # Saving -----------------------------------------------------------------

    def save_model(self, request, obj: Article, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        obj.lock_version += 1
        super().save_model(request, obj, form, change)
        if change and "slug" in form.changed_data:
            # In the admin's transaction: the old address and the new one
            # are saved together or not at all.
            addresses.record_slug_change(obj, old_slug=form.initial["slug"])
        if not change:
            activity.record_created(obj, by=request.user)

    def save_related(self, request, form, formsets, change: bool) -> None:
        topics_before = set(form.instance.topic_tags.values_list("pk", flat=True))
        super().save_related(request, form, formsets, change)
        if "tagged_people" in form.cleaned_data:
            # An accepted suggestion is a tag, whether or not a script also
            # put it in the picker (without JavaScript, only its box is ticked).
            people, works = form.accepted("person"), form.accepted("work")
            tagging.set_entity_tags(
                form.instance,
                people={p.pk for p in form.cleaned_data["tagged_people"]} | people,
                works={w.pk for w in form.cleaned_data["tagged_works"]} | works,
                suggested_people=people,
                suggested_works=works,
                by=request.user,
            )
        # taggit's topic field makes the rows; say who added the new ones.
        form.instance.topic_tags.exclude(pk__in=topics_before).update(
            added_by=request.user
        )
        transitions.finish_edit(
            form.instance,
            by=request.user,
            change_kind=form.public_change_kind,
            change_note=form.cleaned_data.get("change_note", ""),
        )
        # Saved for real: the unsaved changes kept for this form are saved.
        autosave.discard(
            request.user,
            article=form.instance,
            token=form.cleaned_data.get("autosave_token", ""),
        )

    def save_formset(self, request, form, formset, change: bool) -> None:
        if concurrency.INLINE_FIELDS.get(formset.prefix) in form.keep_theirs:
            # A concurrent edit: the other person's rows stay as they are.
            formset.new_objects, formset.changed_objects = [], []
            formset.deleted_objects = []
            return
        super().save_formset(request, form, formset, change)
        if formset.model is Correction and form.instance.first_published_at:
            for correction in formset.new_objects:
                activity.record_correction_changed(
                    correction, by=request.user, added=True
                )
            for correction, _fields in formset.changed_objects:
                activity.record_correction_changed(
                    correction, by=request.user, deleted=False
                )
            for correction in formset.deleted_objects:
                activity.record_correction_changed(
                    correction, by=request.user, deleted=True
                )

    def get_deleted_objects(self, objs, request):
        # Whether the article may go is decided by has_delete_permission(obj);
        # its bylines, tags and share links go with it, whoever may edit
        # those on their own admin pages.
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        return deleted, counts, set(), protected

    def delete_model(self, request, obj: Article) -> None:
        activity.record_deleted(obj, by=request.user)
        super().delete_model(request, obj)

    # Concurrent edits and workflow buttons in the form -----------------------

    def _create_formsets(self, request, obj, change):
        # Django builds the inline formsets before it validates the form; the
        # form's merge needs them (Django offers no public hook for this).
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        request.article_formsets = {formset.prefix: formset for formset in formsets}
        return formsets, inline_instances

    def response_change(self, request, obj: Article):
        name = request.POST.get("_transition", "")
        if name not in FORM_TRANSITIONS:
            return super().response_change(request, obj)
        # The form's edits are saved (same validation, same checks); the
        # state change runs once that save and its revision are committed
        # (change_view), on exactly that text, or not at all.
        request.article_transition = (name, obj)
        self.message_user(request, "Your changes were saved.", messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    def _run_form_transition(self, request) -> None:
        name, obj = request.article_transition
        done, run = FORM_TRANSITIONS[name]
        if getattr(request, "article_merged_from_others", []):
            self.message_user(
                request,
                "Someone else changed this article while you edited it; their "
                "changes were merged with yours. Look at the result, then try "
                "again.",
                messages.ERROR,
            )
            return
        try:
            run(obj, request)
        except WorkflowError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)

    # Views ------------------------------------------------------------------

    def get_changeform_initial_data(self, request) -> dict:
        initial = super().get_changeform_initial_data(request)
        initial["autosave_token"] = autosave.new_token()
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # The form merges a concurrent edit of the inlines too: it finds this
        # request's formsets on the request (_create_formsets below).
        form = type(form.__name__, (form,), {"request": request})
        draft = restoring_draft(request, obj)
        if draft is None:
            return form

        class RestoredForm(form):
            """The form showing the user's unsaved changes, to be saved."""

            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                if not self.is_bound:
                    autosave.fill(self, draft)
                    if obj is None:
                        self.initial["autosave_token"] = draft.token

        return RestoredForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id is None or obj is not None:
            extra_context["autosave"] = autosave_panel(request, obj)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        # The body editor's import map is an inline script: it runs under the
        # CSP because it carries this response's nonce.
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if obj is not None and can_view(request.user, obj):
            extra_context["workflow"] = workflow_panel(request, obj)
        response = super().change_view(request, object_id, form_url, extra_context)
        if hasattr(request, "article_transition"):
            # After reversion's revision block: the submitted revision is
            # the one this save made, not a copy merged into it.
            self._run_form_transition(request)
        return response

    def history_view(self, request, object_id, extra_context=None):
        obj = self.visible_object_or_404(request, object_id)
        return HttpResponseRedirect(
            reverse("editorial:revisions", kwargs={"pk": obj.pk})
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # reversion's own revert form would roll back bylines and corrections
        # and the workflow's lock; ours restores text as a new revision.
        obj = self.visible_object_or_404(request, object_id)
        url = reverse("editorial:revisions", kwargs={"pk": obj.pk})
        return HttpResponseRedirect(f"{url}?old={int(version_id)}")

    def has_recover_permission(self, request) -> bool:
        return is_editor(request.user)

    # Actions ----------------------------------------------------------------

    def _run(self, request, queryset, transition, done: str) -> None:
        moved = 0
        for article in queryset:
            try:
                transition(article, by=request.user)
            except WorkflowError as exc:
                self.message_user(request, f"{article}: {exc}", messages.ERROR)
            else:
                moved += 1
        if moved:
            self.message_user(request, f"{moved} article(s) {done}.", messages.SUCCESS)

    @admin.action(description="Submit the selected articles for review")
    def submit_selected(self, request, queryset) -> None:
        self._run(request, queryset, transitions.submit, "submitted for review")

    @admin.action(
        description="Publish the selected approved articles now",
        permissions=["review"],
    )
    def publish_selected(self, request, queryset) -> None:
        self._run(request, queryset, transitions.publish_now, "published")

    @admin.display(description="Preview")
    def lead_image_preview(self, obj: Article) -> str:
        return obj.lead_image.thumbnail_html() if obj.lead_image else NO_IMAGE

    @admin.display(description="Suggested from the text")
    def suggested_tags(self, obj: Article) -> str:
        """The people and works the saved text names and the article is not
        tagged with, each with an "Add" box (saved with the form); the
        panel's script (articles/tag_fields.js) keeps it in step with
        the text as it is typed."""
        try:
            found = suggestions.suggest(
                headline=obj.headline,
                dek=obj.dek,
                body=obj.body,
                article=obj if obj.pk else None,
            )
        except suggestions.TooLong:
            found = []
        items = format_html_join(
            "",
            '<li data-kind="{}" data-id="{}"><label><input type="checkbox" '
            'name="{}" value="{}"> Add <strong>{}</strong> ({})</label></li>',
            (
                (
                    s.kind,
                    s.id,
                    "accepted_people" if s.kind == "person" else "accepted_works",
                    s.id,
                    s.name,
                    s.description,
                )
                for s in found
                if not s.tagged
            ),
        )
        status = (
            "Known people and works this text names:"
            if items
            else "No known person or work in the text that is not tagged yet."
        )
        return format_html(
            '<div class="tag-suggestions" data-url="{}" data-article="{}">'
            '<p class="tag-suggestions-status" role="status">{}</p>'
            '<ul class="tag-suggestions-list">{}</ul>'
            '<div class="tag-suggestions-accepted"></div></div>',
            reverse("editorial:tag_suggestions"),
            obj.pk or "",
            status,
            items,
        )

    @admin.display(description="Tagged, and by whom")
    def tags_added(self, obj: Article) -> str:
        rows = [
            *obj.person_tags.select_related("tag", "added_by").order_by("pk"),
            *obj.work_tags.select_related("tag", "added_by").order_by("pk"),
        ]
        if not rows:
            return "—"
        return format_html(
            '<ul class="tags-added">{}</ul>',
            format_html_join(
                "",
                "<li>{} — {}, {}</li>",
                (
                    (
                        row.tag,
                        row.get_found_by_display().lower(),
                        f"added by {row.added_by}"
                        if row.added_by
                        else "by the importer"
                        if row.found_by != FoundBy.EDITOR
                        else "added before this was recorded",
                    )
                    for row in rows
                ),
            ),
        )


# The workflow buttons that are buttons of the change form: the admin saves
# the form, then moves the article, as it was just saved (its lock version),
# in the same request.
FORM_TRANSITIONS = {
    "submit": (
        "Submitted for review.",
        lambda a, r: transitions.submit(
            a, by=r.user, expected_lock_version=a.lock_version
        ),
    ),
    "approve": (
        "Approved.",
        # The editor saw the changes since submission (the page lists them,
        # and their own edits are their own): nobody else's were merged.
        lambda a, r: transitions.approve(
            a, by=r.user, changes_seen=True, expected_lock_version=a.lock_version
        ),
    ),
    "publish": (
        "Published.",
        lambda a, r: transitions.publish_now(
            a, by=r.user, expected_lock_version=a.lock_version
        ),
    ),
    "schedule": (
        "Scheduled.",
        lambda a, r: transitions.schedule(
            a,
            by=r.user,
            at=parse_time(r.POST.get("at", "")),
            expected_lock_version=a.lock_version,
        ),
    ),
}


def restoring_draft(request, article: Article | None):
    """The user's unsaved changes that ``?restore=autosave`` asks the form to
    show (a new article's by ``&token=``), if they exist and the form can
    be saved."""
    if request.method != "GET" or request.GET.get("restore") != "autosave":
        return None
    if article is None:
        return autosave.draft_of_new(request.user, request.GET.get("token", ""))
    if not can_edit(request.user, article):
        return None
    return autosave.draft_of(request.user, article)


def autosave_panel(request, article: Article | None) -> dict | None:
    """What the change form needs to keep what is typed in it: the addresses
    and timings for its script, and the unsaved changes it offers back."""
    user = request.user
    if article is None:
        editable = user.has_perm("articles.add_article")
    else:
        editable = can_view(user, article) and can_edit(user, article)
    if not editable:
        return None
    restored = restoring_draft(request, article)
    offered = None
    if restored is None and request.method == "GET":
        offered = (
            autosave.draft_of(user, article)
            if article is not None
            else autosave.draft_of_new(user)
        )
    change_url = (
        reverse("admin:articles_article_change", args=[article.pk])
        if article is not None
        else reverse("admin:articles_article_add")
    )
    return {
        "save_url": reverse("editorial:autosave", args=[article.pk])
        if article is not None
        else reverse("editorial:autosave_new"),
        "discard_url": reverse("editorial:discard_autosave", args=[article.pk])
        if article is not None
        else reverse("editorial:discard_new_autosave"),
        "session_url": reverse("editorial:session"),
        "login_url": f"{reverse('admin:login')}?next={change_url}",
        "key": f"{user.pk}:{article.pk if article is not None else 'new'}",
        "expires_in": autosave.session_expires_in(request),
        "warn_seconds": settings.NEWSROOM_SESSION_WARNING_MINUTES * 60,
        "delay_ms": int(settings.NEWSROOM_AUTOSAVE_SECONDS * 1000),
        "restored": restored,
        "offered": offered,
        "offered_changes": [
            (d.label, mark_safe(d.html))  # noqa: S308 (escaped by diffing)
            for d in autosave.changes(offered, article)
            if d.changed
        ]
        if offered is not None
        else [],
        "changed_since": (offered or restored) is not None
        and autosave.changed_since(offered or restored, article),
        "restore_url": _restore_url(change_url, offered, article),
    }


def _restore_url(change_url: str, offered, article: Article | None) -> str:
    if offered is not None and article is None:
        return f"{change_url}?restore=autosave&token={offered.token}"
    return f"{change_url}?restore=autosave"


def workflow_panel(request, article: Article) -> dict:
    """What the change page shows above the form: state, notes, buttons."""
    user = request.user
    editor = is_editor(user)
    status = article.status
    allowed = set()
    if can_edit(user, article) and status in permissions.REPORTER_EDITABLE:
        allowed.add("submit")
    if (
        status == Status.IN_REVIEW
        and article.submitted_by_id == user.pk
        and not transitions.review_started(article)
    ):
        allowed.add("withdraw")
    if editor:
        if status == Status.IN_REVIEW:
            allowed |= {"request_changes", "approve"}
        if status == Status.APPROVED or (
            status == Status.SCHEDULED and not article.is_public
        ):
            allowed |= {"publish", "schedule"}
        if status == Status.UNPUBLISHED:
            allowed.add("publish")
        if status in (Status.PUBLISHED, Status.SCHEDULED):
            allowed.add("unpublish")
        if article.is_public and status != Status.RETRACTED:
            allowed.add("retract")
    return {
        "allowed": allowed,
        # Submit, approve, publish and schedule save the form first: only a
        # form that can be saved has such buttons.
        "in_form": can_edit(user, article),
        "is_editor": editor,
        # Shown next to the time an editor schedules for.
        "zone": zone_label(),
        "problems": checks.publication_problems(article)
        if status not in (Status.PUBLISHED, Status.RETRACTED)
        else [],
        "changes_since_submission": revisions.changes_since_submission(article)
        if status == Status.IN_REVIEW
        else [],
        "changes_since_previous_submission": (
            revisions.changes_since_previous_submission(article)
            if status == Status.IN_REVIEW
            else []
        ),
        "share_links": article.share_links.filter(revoked_at=None).order_by("-pk")
        if editor
        else [],
        "now": timezone.now(),
    }


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj: Topic, form, change: bool) -> None:
        topics.save_topic(obj)

    def delete_model(self, request, obj: Topic) -> None:
        topics.delete_topic(obj)

    def delete_queryset(self, request, queryset) -> None:
        for topic in queryset:
            topics.delete_topic(topic)


class EditorsOnlyMixin:
    """Writes are the editors'; reporters see only rows of their own articles."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_editor(request.user):
            return queryset
        return queryset.filter(article__in=permissions.visible_articles(request.user))

    def has_add_permission(self, request, obj=None) -> bool:
        return is_editor(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_editor(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_editor(request.user) and super().has_delete_permission(request, obj)


@admin.register(Correction)
class CorrectionAdmin(EditorsOnlyMixin, CheckedVersionAdmin):
    list_display = ["article", "kind", "created_at", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["article", "created_by"]
    search_fields = ["text", "article__headline"]
    autocomplete_fields = ["article"]
    readonly_fields = ["created_by"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # A note's revisions are its article's (reversion's revert form would
        # roll back the article with it): show them there.
        obj = self.visible_object_or_404(request, object_id)
        url = reverse("editorial:revisions", kwargs={"pk": obj.article_id})
        return HttpResponseRedirect(f"{url}?old={int(version_id)}")

    def has_recover_permission(self, request) -> bool:
        # Recovering a note would revert its article's whole revision; a
        # deleted note is brought back by restoring the article's revision.
        return False

    def save_model(self, request, obj: Correction, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        activity.record_correction_changed(obj, by=request.user, added=not change)

    def delete_model(self, request, obj: Correction) -> None:
        activity.record_correction_changed(obj, by=request.user, deleted=True)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for correction in queryset:
            activity.record_correction_changed(
                correction, by=request.user, deleted=True
            )
        super().delete_queryset(request, queryset)


@admin.register(Byline)
class BylineAdmin(EditorsOnlyMixin, CheckedAutocompleteMixin, admin.ModelAdmin):
    list_display = ["article", "person", "organisation", "role", "position"]
    list_filter = ["role"]
    list_select_related = ["article", "person"]
    search_fields = ["person__name", "article__headline"]
    autocomplete_fields = ["article", "person"]

    def save_model(self, request, obj: Byline, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        transitions.record_part_changed(obj.article, by=request.user)

    def delete_model(self, request, obj: Byline) -> None:
        super().delete_model(request, obj)
        transitions.record_part_changed(obj.article, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        articles = list(Article.objects.filter(bylines__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for article in articles:
            transitions.record_part_changed(article, by=request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "subject", "note"]
    list_filter = ["action"]
    list_select_related = ["actor", "article"]
    search_fields = ["subject", "note", "actor__username"]
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(ShareLink)
class ShareLinkAdmin(ReadOnlyAdmin):
    list_display = ["article", "created_by", "created_at", "expires_at", "revoked_at"]
    list_select_related = ["article", "created_by"]
    actions = ["revoke_selected"]

    def has_review_permission(self, request) -> bool:
        return is_editor(request.user)

    @admin.action(description="Revoke the selected share links", permissions=["review"])
    def revoke_selected(self, request, queryset) -> None:
        for link in queryset:
            sharing.revoke_share_link(link, by=request.user)
        self.message_user(request, "Revoked.", messages.SUCCESS)


# People and works ------------------------------------------------------------


class MentionedInMixin:
    """A person's or work's admin page, with the articles that mention them.

    Added here rather than in ``people`` (which imports no other app), by
    extending that app's admin classes: the list follows the article list's
    rule, so a reporter sees only their own articles in it.
    """

    change_form_template = "admin/articles/mentioned_in_change_form.html"
    mentions_limit = 100

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if obj is not None:
            visible = permissions.visible_articles(request.user)
            extra_context["mentioned_in"] = [
                tag.content_object
                for tag in obj.article_tags.filter(content_object__in=visible)
                .select_related("content_object")
                .order_by("-content_object__published_at", "-content_object__pk")[
                    : self.mentions_limit
                ]
            ]
        return super().change_view(request, object_id, form_url, extra_context)


class ApprovalActivityMixin:
    """An editor's approval of a person or work a reporter added goes into the
    activity log, beside the articles' changes."""

    def approved(self, request, entity) -> None:
        super().approved(request, entity)
        activity.record_entity_approved(entity, by=request.user)


for _model, _admin_class in ((Person, PersonAdmin), (Work, WorkAdmin)):
    admin.site.unregister(_model)
    admin.site.register(
        _model,
        type(
            _admin_class.__name__,
            (MentionedInMixin, ApprovalActivityMixin, _admin_class),
            {},
        ),
    )


# Images ----------------------------------------------------------------------

PICTURE_ON_A_PUBLIC_PAGE = (
    "This image leads an article readers can see, so its picture cannot be "
    "replaced here. Upload the new picture as a new image and choose it on the "
    "article, with a correction note if the change is material."
)


class ImageRulesMixin:
    """The image admin, with the newsroom's rule for who may change an image
    (``permissions.can_change_image``) on every route: the change and delete
    pages and the bulk delete action.

    An image a public article leads with keeps its picture (a new one is
    chosen on the article, through the correction flow); a change to its
    words or crop is logged on each of those articles.
    """

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or permissions.can_change_image(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (
            obj is None or permissions.can_change_image(request.user, obj)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or not permissions.public_articles_showing(obj).exists():
            return form

        class PublicImageForm(form):
            def clean_upload(self):
                upload = super().clean_upload()
                if upload:
                    raise ValidationError(PICTURE_ON_A_PUBLIC_PAGE)
                return upload

        return PublicImageForm

    def save_model(self, request, obj: Image, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changed = [name for name in form.changed_data if name != "upload"]
        if change and changed:
            activity.record_image_changed(
                obj, by=request.user, what=_what_changed(form, changed)
            )


def _what_changed(form, names: list[str]) -> str:
    """ "credit: “A” → “B”; focal point (across): 0.5 → 0.7" for the log."""
    parts = []
    for name in names:
        label = form.fields[name].label or name
        parts.append(
            f"{label}: “{form.initial.get(name, '')}” → “{form.cleaned_data[name]}”"
        )
    return "; ".join(parts)


admin.site.unregister(Image)
admin.site.register(Image, type("ImageAdmin", (ImageRulesMixin, ImageAdmin), {}))
