"""Ingestion: article text in, cleaned body, mentions and candidate events out.

Pure text processing lives in the submodules (decoding, cleaning, sentences, gazetteer, cues,
extract, labels, merge); timeline.services wires them to the database in one transaction.
"""
