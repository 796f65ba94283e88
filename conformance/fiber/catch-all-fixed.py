# The same steps as catch-all: in Python both ports of the handler are this one program.
import os
import runpy

runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'catch-all.py'), run_name='__main__')
