// Quotes and pull quotes. A pull quote is a quote with the class
// "pullquote": <blockquote class="pullquote"><p>…</p></blockquote>. The
// toolbar has a button for each, and a quote is one or the other.

import { Extension } from "django-prose-editor/editor"

const inQuote = (editor) => editor.isActive("blockquote")
const inPullQuote = (editor) => editor.isActive("blockquote", { pullquote: true })

export const PullQuote = Extension.create({
  name: "pullQuote",

  addGlobalAttributes() {
    return [
      {
        types: ["blockquote"],
        attributes: {
          pullquote: {
            default: false,
            // Any other class a pasted quote had is dropped.
            parseHTML: (element) => element.classList.contains("pullquote"),
            renderHTML: (attributes) =>
              attributes.pullquote ? { class: "pullquote" } : {},
          },
        },
      },
    ]
  },

  addCommands() {
    return {
      togglePullQuote:
        () =>
        ({ editor, chain }) => {
          if (inPullQuote(editor)) return chain().lift("blockquote").run()
          if (inQuote(editor)) {
            return chain().updateAttributes("blockquote", { pullquote: true }).run()
          }
          return chain().wrapIn("blockquote", { pullquote: true }).run()
        },
      toggleQuote:
        () =>
        ({ editor, chain }) => {
          if (inPullQuote(editor)) {
            return chain().updateAttributes("blockquote", { pullquote: false }).run()
          }
          return chain().toggleBlockquote().run()
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    // Takes the place of the package's quote button, which did not tell a
    // quote from a pull quote.
    menu.defineItem({
      name: "blockquote",
      groups: "quotes",
      button: buttons.material("format_quote", "quote"),
      command: (editor) => editor.chain().focus().toggleQuote().run(),
      active: (editor) => inQuote(editor) && !inPullQuote(editor),
      enabled: (editor) => inQuote(editor) || editor.can().wrapIn("blockquote"),
    })
    menu.defineItem({
      name: "pullQuote",
      groups: "quotes",
      button: buttons.text("Pull quote"),
      command: (editor) => editor.chain().focus().togglePullQuote().run(),
      active: inPullQuote,
      enabled: (editor) => inQuote(editor) || editor.can().wrapIn("blockquote"),
    })
  },
})
