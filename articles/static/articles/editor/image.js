// Images from the library in the story body.
//
// The body stores <figure data-image="42"></figure>: the image's id, nothing
// else. The editing HTML the server sends also carries a preview (an <img>
// and a <figcaption> "caption — credit") which the editor shows; it is not
// written back. The picker searches the library by alt text, caption and
// credit, or uploads a new image with its alt text and credit.

import { crel, Node } from "django-prose-editor/editor"
import {
  buttonRow,
  csrfToken,
  field,
  insertBlock,
  openDialog,
  showError,
  uid,
} from "articles/editor/common"

const imageId = (value) => (/^[1-9][0-9]*$/.test(value || "") ? Number(value) : null)

const captionLine = ({ caption, credit }) =>
  [caption, credit].filter(Boolean).join(" — ")

// The picker's JSON of an image as the preview's attributes.
const previewOf = (image) => ({
  src: image.thumbnail,
  alt: image.alt,
  width: image.thumbnail_width,
  height: image.thumbnail_height,
})

// An <img> with its size when known, so that its place is kept while it
// loads: otherwise what is below it jumps down once it shows, and in the
// editor the caret with it, out of the reporter's view.
function sizedImg({ src, alt, width, height }) {
  const img = crel("img", { src, alt: alt || "" })
  if (width && height) {
    img.width = width
    img.height = height
  }
  return img
}

const sizeOf = (element, name) => {
  const value = element.querySelector("img")?.getAttribute(name)
  return /^[1-9][0-9]{0,4}$/.test(value || "") ? Number(value) : null
}

// Previews fetched for figures that came without one (a form shown again
// after an error carries only what the editor wrote: the ids).
const previews = new Map()

function fetchPreview(searchUrl, id) {
  if (!previews.has(id)) {
    const url = `${searchUrl}?id=${encodeURIComponent(id)}`
    previews.set(
      id,
      fetch(url, { headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((data) => data.results[0] || null)
        .catch(() => null),
    )
  }
  return previews.get(id)
}

function renderPreview(figure, attrs, searchUrl) {
  figure.textContent = ""
  figure.dataset.image = attrs.imageId
  const show = ({ src, alt, width, height, caption }) => {
    figure.textContent = ""
    if (src) figure.append(sizedImg({ src, alt, width, height }))
    figure.append(
      crel("figcaption", {
        textContent: caption || `Image ${attrs.imageId} from the library`,
      }),
    )
  }
  show(attrs)
  if (!attrs.src && attrs.imageId) {
    fetchPreview(searchUrl, attrs.imageId).then((image) => {
      if (image && figure.dataset.image === String(attrs.imageId)) {
        show({ ...previewOf(image), caption: captionLine(image) })
      }
    })
  }
}

function resultOption(image, id) {
  const option = crel("li", { id, className: "body-editor-result" })
  option.setAttribute("role", "option")
  option.setAttribute("aria-selected", "false")
  if (image.thumbnail) {
    option.append(sizedImg({ ...previewOf(image), alt: "" }))
  }
  option.append(
    crel("span", { className: "body-editor-result__text" }, [
      crel("span", {
        className: "body-editor-result__alt",
        textContent: image.alt || "(decorative image)",
      }),
      crel("span", {
        className: "body-editor-result__caption",
        textContent: captionLine(image),
      }),
    ]),
  )
  return option
}

function picker(editor, { searchUrl, uploadUrl }, insert) {
  const { show, body, close } = openDialog({ editor, title: "Insert an image" })

  // Searching: a combobox whose list of results is walked with the arrow
  // keys while focus stays in the search field; Enter picks.
  const listId = uid("image-results")
  const search = field({
    label: "Search the library",
    name: "image-search",
    type: "search",
    help: "By alt text, caption or credit. ↑ and ↓ choose, Enter inserts. Images without a credit are not listed.",
    attrs: { autocomplete: "off" },
  })
  const input = search.input
  input.setAttribute("role", "combobox")
  input.setAttribute("aria-autocomplete", "list")
  input.setAttribute("aria-controls", listId)
  input.setAttribute("aria-expanded", "false")
  const status = crel("p", { className: "body-editor-status" })
  status.setAttribute("role", "status")
  const list = crel("ul", { id: listId, className: "body-editor-results" })
  list.setAttribute("role", "listbox")
  list.setAttribute("aria-label", "Images found")

  let results = []
  let shownQuery = null // what the results shown were found for
  let active = -1
  let searched = 0

  const setActive = (index) => {
    active = index
    list.querySelectorAll("[role=option]").forEach((option, i) => {
      option.setAttribute("aria-selected", String(i === index))
    })
    const option = list.children[index]
    if (option) {
      input.setAttribute("aria-activedescendant", option.id)
      option.scrollIntoView({ block: "nearest" })
    } else {
      input.removeAttribute("aria-activedescendant")
    }
  }

  const pick = (image) => {
    insert(image)
    close()
  }

  const runSearch = async () => {
    const number = ++searched
    const query = input.value.trim()
    status.textContent = "Searching…"
    let data
    try {
      const response = await fetch(`${searchUrl}?q=${encodeURIComponent(query)}`, {
        headers: { Accept: "application/json" },
      })
      if (!response.ok) throw new Error(response.statusText)
      data = await response.json()
    } catch {
      if (number === searched) status.textContent = "The library could not be searched. Try again."
      return
    }
    if (number !== searched) return // a later search has started
    results = data.results
    shownQuery = query
    list.textContent = ""
    results.forEach((image, index) => {
      const option = resultOption(image, `${listId}-${index}`)
      option.addEventListener("click", () => pick(image))
      list.append(option)
    })
    input.setAttribute("aria-expanded", String(results.length > 0))
    setActive(results.length ? 0 : -1)
    status.textContent = results.length
      ? `${results.length} image${results.length === 1 ? "" : "s"} found.`
      : query
        ? `No image matches “${query}”.`
        : "The library has no image with a credit yet."
  }

  let timer
  input.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(runSearch, 250)
  })
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && results.length) {
      event.preventDefault()
      setActive(Math.min(active + 1, results.length - 1))
    } else if (event.key === "ArrowUp" && results.length) {
      event.preventDefault()
      setActive(Math.max(active - 1, 0))
    } else if (event.key === "Enter") {
      event.preventDefault()
      // Results for what was typed before are not what Enter asks for.
      if (shownQuery === input.value.trim() && results[active]) {
        pick(results[active])
      } else {
        clearTimeout(timer)
        runSearch()
      }
    }
  })

  // Uploading: the same rules as for a lead image.
  const upload = crel("form", { className: "body-editor-upload" })
  upload.noValidate = true
  const legend = crel("legend", { textContent: "Or upload a new image" })
  const file = field({
    label: "Image file",
    name: "upload",
    type: "file",
    attrs: { accept: "image/jpeg,image/png,image/webp,image/gif" },
  })
  const alt = field({
    label: "Alt text",
    name: "alt_text",
    help: "What the image shows, for readers who cannot see it.",
  })
  const decorativeId = uid("decorative")
  const decorative = crel("input", { type: "checkbox", id: decorativeId, name: "decorative" })
  const decorativeRow = crel("div", { className: "body-editor-field body-editor-check" }, [
    decorative,
    crel("label", {
      htmlFor: decorativeId,
      textContent: "Decorative: adds nothing a reader would miss",
    }),
  ])
  const caption = field({ label: "Caption", name: "caption" })
  const credit = field({
    label: "Credit",
    name: "credit",
    help: "Who took or owns the picture, for example “Photo: Jane Doe / Agency”.",
  })
  const fields = { upload: file, alt_text: alt, caption, credit }
  const formError = crel("p", { className: "body-editor-error" })
  formError.setAttribute("role", "alert")
  const {
    row: uploadButtons,
    buttons: [uploadButton],
  } = buttonRow([{ text: "Upload and insert", type: "submit" }])
  upload.append(
    crel("fieldset", {}, [
      legend,
      file.row,
      alt.row,
      decorativeRow,
      caption.row,
      credit.row,
      formError,
      uploadButtons,
    ]),
  )

  upload.addEventListener("submit", async (event) => {
    event.preventDefault()
    for (const f of Object.values(fields)) showError(f, "")
    formError.textContent = ""
    uploadButton.disabled = true
    uploadButton.textContent = "Uploading…"
    let response
    let data
    try {
      response = await fetch(uploadUrl, {
        method: "POST",
        body: new FormData(upload),
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      })
      data = await response.json()
    } catch {
      data = null
    } finally {
      uploadButton.disabled = false
      uploadButton.textContent = "Upload and insert"
    }
    if (!data) {
      formError.textContent = "The image could not be uploaded. Try again."
      uploadButton.focus()
      return
    }
    if (response.ok) {
      pick(data.image)
      return
    }
    formError.textContent = "The image was not uploaded: see the notes above."
    let first = null
    for (const [name, errors] of Object.entries(data.errors || {})) {
      const target = fields[name]
      const message = errors.map((error) => error.message).join(" ")
      if (target) {
        showError(target, message)
        first ||= target.input
      } else {
        formError.textContent = message
      }
    }
    (first || uploadButton).focus()
  })

  body.append(
    crel("div", { className: "body-editor-search" }, [search.row, status, list]),
    upload,
    buttonRow([{ text: "Cancel", onClick: () => close() }]).row,
  )
  show(input)
  runSearch()
}

export const LibraryImage = Node.create({
  name: "libraryImage",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,

  addOptions() {
    return { searchUrl: "", uploadUrl: "" }
  },

  addAttributes() {
    return {
      imageId: {
        default: null,
        parseHTML: (element) => imageId(element.getAttribute("data-image")),
        renderHTML: (attributes) => ({ "data-image": String(attributes.imageId) }),
      },
      // The preview: shown, never written back.
      src: {
        default: null,
        rendered: false,
        parseHTML: (element) => element.querySelector("img")?.getAttribute("src") || null,
      },
      alt: {
        default: "",
        rendered: false,
        parseHTML: (element) => element.querySelector("img")?.getAttribute("alt") || "",
      },
      width: {
        default: null,
        rendered: false,
        parseHTML: (element) => sizeOf(element, "width"),
      },
      height: {
        default: null,
        rendered: false,
        parseHTML: (element) => sizeOf(element, "height"),
      },
      caption: {
        default: "",
        rendered: false,
        parseHTML: (element) =>
          element.querySelector("figcaption")?.textContent.trim() || "",
      },
    }
  },

  parseHTML() {
    return [
      {
        tag: "figure[data-image]",
        getAttrs: (element) => (imageId(element.getAttribute("data-image")) ? null : false),
      },
    ]
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes]
  },

  addNodeView() {
    const { searchUrl } = this.options
    return ({ node }) => {
      const dom = crel("figure", { className: "body-editor-image" })
      renderPreview(dom, node.attrs, searchUrl)
      return {
        dom,
        update(updated) {
          if (updated.type.name !== "libraryImage") return false
          renderPreview(dom, updated.attrs, searchUrl)
          return true
        },
      }
    }
  },

  addCommands() {
    return {
      pickLibraryImage:
        () =>
        ({ editor }) => {
          picker(editor, this.options, (image) => {
            insertBlock(editor, {
              type: this.name,
              attrs: {
                imageId: image.id,
                ...previewOf(image),
                caption: captionLine(image),
              },
            })
          })
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "libraryImage",
      groups: "insert",
      button: buttons.text("Image", "Insert image"),
      command: (editor) => editor.commands.pickLibraryImage(),
    })
  },
})

// A photo to come: <figure data-photo-caption="..." data-photo-credit="...">,
// the caption and credit an import found next to a photo reference, waiting
// for an image of the library. Shown to the editor, never to readers; it is
// kept as it is (select it and press Delete to remove it, or insert the
// image beside it with "Image" and then remove it).
export const PhotoToCome = Node.create({
  name: "photoToCome",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,

  addAttributes() {
    return {
      caption: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-photo-caption") || "",
        renderHTML: (attributes) =>
          attributes.caption ? { "data-photo-caption": attributes.caption } : {},
      },
      credit: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-photo-credit") || "",
        renderHTML: (attributes) =>
          attributes.credit ? { "data-photo-credit": attributes.credit } : {},
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-photo-caption]" }, { tag: "figure[data-photo-credit]" }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes]
  },

  addNodeView() {
    const show = (dom, attrs) => {
      dom.textContent = ""
      dom.append(
        crel("strong", { textContent: "Photo to come (not shown to readers)" }),
        crel("figcaption", { textContent: captionLine(attrs) }),
      )
    }
    return ({ node }) => {
      const dom = crel("figure", { className: "body-editor-photo-to-come" })
      show(dom, node.attrs)
      return {
        dom,
        update(updated) {
          if (updated.type.name !== "photoToCome") return false
          show(dom, updated.attrs)
          return true
        },
      }
    }
  },
})
