"""Page metadata from ranked evidence: each field's candidates, the winner and its source.

Modules: `evidence` (a candidate and how one is chosen), `jsonld` (JSON-LD objects,
`@graph`, `@id` references), `tags` (`<meta>`, OpenGraph, microdata, `<time>`,
`rel=author`), `visible` (the byline and dateline lines next to the headline),
`people` (author strings to person names), `when` (date strings to ISO 8601, the
page's offset kept), `titles` (title sources and the site name), `page` (the stage).
"""
