from jointmeeting.cli import run

run()
