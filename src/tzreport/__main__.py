"""`python -m tzreport` (`py -m tzreport` on Windows): the same CLI as the `tzreport` command,
for when the command's folder is not on PATH."""

from tzreport.cli.main import main

# guarded: a process that imports this module (multiprocessing's spawn start on Windows and
# macOS re-imports the main module in every worker) must not run the CLI again
if __name__ == "__main__":
    main()
