"""The cron flow: `scraper run JOB`, one scheduled run of a job file.

    job.py       the job file, read once into a frozen `JobConfig`
    run.py       `run_job`: repair, plan, fetch and clean, record, report
    plan.py      the planner: which URLs to fetch and how, the learned templates
    record.py    the recorder: each page's result into the state and the output
    report.py    what a run did (`RunReport`), and the dry run
    runfile.py   the run's JSONL file, crash-safe, and its repair after a kill
    lock.py      one run at a time per SQLite state
    workers.py   runs on a shared PostgreSQL state

Duplicates are found by the recorder with `scraper.state.dedup`, whose signatures the
state stores index.
"""
