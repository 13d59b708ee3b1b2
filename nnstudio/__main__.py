import sys

from nnstudio.cli import main

if __name__ == "__main__":  # the training process (spawned on macOS and Windows) imports this too
    sys.exit(main())
