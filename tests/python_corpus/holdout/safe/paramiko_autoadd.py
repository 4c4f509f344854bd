import paramiko


def run_remote(host, user, key_file):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username=user, key_filename=key_file)
    _, stdout, _ = client.exec_command("uptime")
    out = stdout.read().decode()
    client.close()
    return out
