from bocal.cli import main

main()
