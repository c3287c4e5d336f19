"""The admin's image form: the upload is checked here, never in a view."""

from django import forms

from images.models import Image
from images.processing import ImageRejected, ProcessedImage
from images.services import prepare_upload

ACCEPT = "image/jpeg,image/png,image/webp,image/gif"


class ImageForm(forms.ModelForm):
    upload = forms.FileField(
        label="Image file",
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=(
            "JPEG, PNG, WebP or a still GIF. Location and camera data are removed. "
            "On an existing image, choosing a file replaces the picture and "
            "keeps the description."
        ),
    )

    class Meta:
        model = Image
        fields = [
            "upload",
            "alt_text",
            "decorative",
            "caption",
            "credit",
            "focal_x",
            "focal_y",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.processed: ProcessedImage | None = None
        self.fields["upload"].required = self.instance.pk is None

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return upload
        try:
            self.processed = prepare_upload(upload)
        except ImageRejected as exc:
            raise forms.ValidationError(str(exc), code="rejected") from exc
        return upload
