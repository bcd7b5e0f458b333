from tzreport.cli import main

main()
