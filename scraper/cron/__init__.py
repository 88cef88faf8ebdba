"""The cron flow: `scraper run JOB`, one scheduled run of a job file.

    job.py       the job file, read once into a frozen `JobConfig`
    run.py       `run_job`: repair, plan, fetch and clean, record, report
    plan.py      the planner: which URLs to fetch and how, the learned templates
    record.py    the recorder: each page's result into the run file and the state,
                 crash-safe, and the repair of a run a kill left open
    report.py    what a run did (`RunReport`), and the dry run
    lock.py      one run at a time per SQLite state
    workers.py   runs on a shared PostgreSQL state

Duplicates are found by the recorder with `scraper.state.dedup`, whose signatures the
state stores index.
"""
