"""Page metadata: every source's candidates for each field, the winner chosen by a
learned model, and the source that gave it.

Modules: `jsonld` (JSON-LD objects, `@graph`, `@id` references), `tags` (`<meta>`,
OpenGraph, microdata, `<time>`, `rel=author`, author classes), `visible` (the byline
and dateline lines next to the headline), `people` (author strings to person
names), `when` (date strings to ISO 8601, the page's offset kept), `titles` (the
site name cut from titles), `candidates` (every source's candidates, merged by
value), `kind` (what kind of page: the columns every candidate's row ends with),
`features` (a row per candidate), `choose` (the learned chooser and its model file),
`page` (the stage: gathered from the markup, chosen once the layout is known).
"""
