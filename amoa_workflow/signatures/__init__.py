"""Proofs that an approver decided: their own signature, or the server's signed link.

``keys.py`` makes and reads Ed25519 key pairs in OpenSSH's formats (an approver may use the key of
``amoa keys generate`` or an SSH key they already have); ``sshsig.py`` signs and verifies in
OpenSSH's signature format (``ssh-keygen -Y sign`` / ``-Y verify``: anyone can check a decision
with the public key and the standard tool); ``links.py`` signs the approvers' links (HMAC-SHA256
with the server's secret); ``proofs.py`` checks a proof given with a decision. The cryptography
is the ``cryptography`` package's (Ed25519); nothing here keeps state or reads the environment.

May import: domain, errors.
"""
