"""Form fields for editors: aliases are typed one per line, not as JSON."""

from django import forms

from people.models import Person, Work

MAX_ALIAS_LENGTH = 200


class AliasesField(forms.CharField):
    """A list of strings edited as a textarea with one item per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        aliases: list[str] = []
        for line in text.splitlines():
            alias = line.strip()
            if alias and alias not in aliases:
                aliases.append(alias)
        return aliases

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        too_long = [alias for alias in value if len(alias) > MAX_ALIAS_LENGTH]
        if too_long:
            raise forms.ValidationError(
                "Each alias must be at most %(max)d characters: %(alias)s",
                params={"max": MAX_ALIAS_LENGTH, "alias": too_long[0][:40] + "…"},
            )


class PersonForm(forms.ModelForm):
    aliases = AliasesField(
        required=False, help_text=Person._meta.get_field("aliases").help_text
    )

    class Meta:
        model = Person
        fields = ["name", "slug", "kind", "aliases", "bio", "headshot"]


class WorkForm(forms.ModelForm):
    aliases = AliasesField(
        required=False, help_text=Work._meta.get_field("aliases").help_text
    )

    class Meta:
        model = Work
        fields = [
            "name",
            "slug",
            "kind",
            "disambiguation",
            "year",
            "released_on",
            "aliases",
            "link_only_when_quoted",
            "part_of",
            "poster",
        ]
