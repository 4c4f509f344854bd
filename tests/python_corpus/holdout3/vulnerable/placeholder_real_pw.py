# cwe: CWE-798
import psycopg2


def connect():
    return psycopg2.connect(host="db.prod.internal", dbname="sales", user="etl", password="Wint3r!Sales#88")
