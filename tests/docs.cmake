# The reference writes itself and names only what exists; the column tables are the columns.
fb_add_test(docs_fresh docs_fresh.sh "docs;cli")
fb_add_test(docs_paths docs_paths.sh "docs;cli")
fb_add_test(columns_tbl columns_tbl.sh "docs;cli")
