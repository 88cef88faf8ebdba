"""Where pages come from; each module is one kind of source.

    web.py      page URLs from lists, sitemaps and feeds (`discover`), then the
                fetched pages (`fetched_pages`)
    files.py    files, directories, WARC archives and standard input (`file_pages`)
    sniff.py    what a file is by its first bytes; reading and inflating within limits
    urls.py     URL lists and the one URL normal form
    sitemap.py, feed.py, warc.py, xml.py   the formats

Every source gives the engine's `Page`s (`scraper.engine`). Nothing is imported here,
so that reading a file never loads the fetcher (httpx).
"""
