// Pasting from Word and Google Docs under the Content-Security-Policy.
//
// The editor keeps only what the body's schema knows, but it reads bold and
// italic that word processors write as inline styles (<span
// style="font-weight:700">) from the parsed elements' styles. Under our CSP
// the browser refuses every style attribute it parses, even in a document
// that is never shown, and reports each one as a violation: the styles read
// as empty, and Google Docs' outer <b style="font-weight:normal"> made the
// whole paste bold. So before the editor parses pasted HTML, style
// attributes are renamed in the markup (not parsed, so nothing is refused),
// what they meant for bold and italic becomes <strong> and <em>, and the
// rest is dropped, with <style> elements. (Classes are left to the schema,
// which keeps only "pullquote".)

import { Extension } from "django-prose-editor/editor"

const STYLE_ELEMENT = /<style\b[^>]*>[\s\S]*?<\/style\s*>/gi
const START_TAG =
  /<([a-zA-Z][\w:.-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)(\s*\/?)>/g
const ATTRIBUTE = /(\s+)([^\s"'>/=]+)((?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)/g
const PASTED_STYLE = "data-pasted-style"

const BOLD = /^(bold|bolder|[6-9]00)$/
const NOT_BOLD = /^(normal|lighter|[1-4]00)$/

function declarations(style) {
  const found = {}
  for (const declaration of style.split(";")) {
    const colon = declaration.indexOf(":")
    if (colon > 0) {
      const name = declaration.slice(0, colon).trim().toLowerCase()
      found[name] = declaration
        .slice(colon + 1)
        .replace(/!important/i, "")
        .trim()
        .toLowerCase()
    }
  }
  return found
}

function wrapContents(element, tagName) {
  const wrapper = element.ownerDocument.createElement(tagName)
  wrapper.append(...element.childNodes)
  element.append(wrapper)
}

/** Pasted HTML with bold and italic as elements, and no style. */
export function cleanPastedHTML(html) {
  const renamed = html
    .replace(STYLE_ELEMENT, "")
    .replace(START_TAG, (_tag, name, attributes, end) => {
      const kept = attributes.replace(ATTRIBUTE, (attribute, space, key, value) =>
        key.toLowerCase() === "style" ? `${space}${PASTED_STYLE}${value}` : attribute,
      )
      return `<${name}${kept}${end}>`
    })
  const doc = new DOMParser().parseFromString(renamed, "text/html")
  for (const element of doc.body.querySelectorAll(`[${PASTED_STYLE}]`)) {
    const style = declarations(element.getAttribute(PASTED_STYLE))
    element.removeAttribute(PASTED_STYLE)
    const weight = style["font-weight"] || ""
    if (NOT_BOLD.test(weight) && ["b", "strong"].includes(element.localName)) {
      element.replaceWith(...element.childNodes)
      continue
    }
    if (BOLD.test(weight)) wrapContents(element, "strong")
    if (style["font-style"] === "italic") wrapContents(element, "em")
  }
  return doc.body.innerHTML
}

export const CleanPaste = Extension.create({
  name: "cleanPaste",

  transformPastedHTML(html) {
    return cleanPastedHTML(html)
  },
})
