# cwe: CWE-295
import paramiko


def run_remote(host, user, key_file, command):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host, username=user, key_filename=key_file)
    _, stdout, _ = client.exec_command("uptime")
    out = stdout.read().decode()
    client.close()
    return out
