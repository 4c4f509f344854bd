import psycopg2


def connect():
    # fill in before running locally
    return psycopg2.connect(host="localhost", dbname="sales", user="etl", password="<password>")
