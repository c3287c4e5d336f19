// Embeds in the story body: a video, post or track from one of the
// providers the newsroom supports, stored as
// <figure data-embed-url="https://youtu.be/…"></figure>. The server works
// out the provider and sends it back (data-embed-provider) for display.
//
// An address from any other site is refused at once, saying which providers
// are supported, and can be inserted as a plain link instead.

import { crel, Node } from "django-prose-editor/editor"
import {
  buttonRow,
  field,
  insertBlock,
  openDialog,
  showError,
} from "articles/editor/common"

/** The provider `{ key, name, hosts }` an address belongs to, or null. */
export function providerOf(address, providers) {
  let url
  try {
    url = new URL(address)
  } catch {
    return null
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null
  const host = url.hostname.toLowerCase()
  return (
    providers.find(({ hosts }) =>
      hosts.some((known) => host === known || host.endsWith(`.${known}`)),
    ) || null
  )
}

const providerNames = (providers) => {
  const names = providers.map(({ name }) => name)
  return names.length > 1
    ? `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`
    : names.join("")
}

function renderEmbed(figure, { url, provider }, providers) {
  const known =
    providers.find(({ key }) => key === provider) || providerOf(url, providers)
  figure.textContent = ""
  figure.append(
    crel("p", {}, [
      crel("strong", { textContent: `${known ? known.name : "Embed"}: ` }),
      crel("span", { className: "body-editor-embed__url", textContent: url }),
    ]),
  )
}

function embedDialog(editor, providers, insertEmbed, insertLink) {
  const { show, body, close } = openDialog({
    editor,
    title: "Embed a video, post or track",
  })
  const address = field({
    label: "Address",
    name: "embed-address",
    type: "url",
    help: `From ${providerNames(providers)}.`,
    attrs: { autocomplete: "off", required: true, placeholder: "https://" },
  })
  const form = crel("form")
  form.noValidate = true
  const {
    row,
    buttons: [, asLink],
  } = buttonRow([
    { text: "Embed", type: "submit", className: "default" },
    {
      text: "Insert as a plain link",
      onClick() {
        insertLink(address.input.value.trim())
        close()
      },
    },
    { text: "Cancel", onClick: () => close() },
  ])
  asLink.hidden = true
  form.append(address.row, row)
  body.append(form)

  address.input.addEventListener("input", () => {
    showError(address, "")
    asLink.hidden = true
  })
  form.addEventListener("submit", (event) => {
    event.preventDefault()
    const typed = address.input.value.trim()
    let url = null
    try {
      url = new URL(typed)
    } catch {
      // handled below
    }
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
      showError(address, "Paste the full address, starting with https://.")
      asLink.hidden = true
      address.input.focus()
      return
    }
    const provider = providerOf(typed, providers)
    if (!provider) {
      showError(
        address,
        `${url.hostname} cannot be embedded. Embeds can come from ${providerNames(providers)}. You can insert the address as a plain link instead.`,
      )
      asLink.hidden = false
      address.input.focus()
      return
    }
    insertEmbed(typed, provider)
    close()
  })
  show(address.input)
}

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,

  addOptions() {
    return { providers: [] }
  },

  addAttributes() {
    return {
      url: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-embed-url"),
        renderHTML: (attributes) => ({ "data-embed-url": attributes.url }),
      },
      // Worked out by the server; shown, never written back.
      provider: {
        default: null,
        rendered: false,
        parseHTML: (element) => element.getAttribute("data-embed-provider"),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-embed-url]" }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes]
  },

  addNodeView() {
    const { providers } = this.options
    return ({ node }) => {
      const dom = crel("figure", { className: "body-editor-embed" })
      renderEmbed(dom, node.attrs, providers)
      return {
        dom,
        update(updated) {
          if (updated.type.name !== "embed") return false
          renderEmbed(dom, updated.attrs, providers)
          return true
        },
      }
    }
  },

  addCommands() {
    return {
      insertEmbed:
        () =>
        ({ editor }) => {
          embedDialog(
            editor,
            this.options.providers,
            (url, provider) =>
              insertBlock(editor, {
                type: this.name,
                attrs: { url, provider: provider.key },
              }),
            (url) => {
              const chain = editor.chain()
              if (editor.state.selection.empty) {
                chain.insertContent({
                  type: "text",
                  text: url,
                  marks: [{ type: "link", attrs: { href: url } }],
                })
              } else {
                chain.setMark("link", { href: url })
              }
              chain.run()
            },
          )
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "embed",
      groups: "insert",
      button: buttons.text("Embed", "Embed a video, post or track"),
      command: (editor) => editor.commands.insertEmbed(),
    })
  },
})
