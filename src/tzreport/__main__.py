from tzreport.cli.main import main

main()
