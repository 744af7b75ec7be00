# SWY-DNP3-47684A1E.ps1: Windows Firewall rules; run in an elevated PowerShell.
# Switchyard firewall rules for the DNP3 station 192.0.2.30, tcp/20000 (SWY-DNP3-47684A1E)
# Admits 192.0.2.21 to tcp/20000; every other packet to that port is dropped and logged.
# Other traffic to and from the station is left to the site policy.
#Requires -RunAsAdministrator
$group = 'Switchyard SWY-DNP3-47684A1E'
Remove-NetFirewallRule -Group $group -ErrorAction SilentlyContinue
New-NetFirewallRule -Group $group -DisplayName 'Switchyard SWY-DNP3-47684A1E: masters to 192.0.2.30 tcp/20000' -Direction Inbound -Action Allow -Profile Any -Protocol TCP -LocalPort 20000 -LocalAddress '192.0.2.30' -RemoteAddress '192.0.2.21' | Out-Null
New-NetFirewallRule -Group $group -DisplayName 'Switchyard SWY-DNP3-47684A1E: others to 192.0.2.30 tcp/20000 blocked' -Direction Inbound -Action Block -Profile Any -Protocol TCP -LocalPort 20000 -LocalAddress '192.0.2.30' -RemoteAddress '0.0.0.0-192.0.2.20','192.0.2.22-255.255.255.255' | Out-Null
# Log dropped packets (%systemroot%\system32\LogFiles\Firewall\pfirewall.log by default).
Set-NetFirewallProfile -Profile Domain,Private,Public -LogBlocked True
