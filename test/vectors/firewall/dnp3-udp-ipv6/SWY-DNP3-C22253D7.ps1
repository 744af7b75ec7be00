# SWY-DNP3-C22253D7.ps1: Windows Firewall rules; run in an elevated PowerShell.
# Switchyard firewall rules for the DNP3 over UDP station 2001:db8::30, udp/20000 (SWY-DNP3-C22253D7)
# Admits 2001:db8::21, 2001:db8::22 to udp/20000; every other packet to that port is dropped and logged.
# Other traffic to and from the station is left to the site policy.
#Requires -RunAsAdministrator
$group = 'Switchyard SWY-DNP3-C22253D7'
Remove-NetFirewallRule -Group $group -ErrorAction SilentlyContinue
New-NetFirewallRule -Group $group -DisplayName 'Switchyard SWY-DNP3-C22253D7: masters to 2001:db8::30 udp/20000' -Direction Inbound -Action Allow -Profile Any -Protocol UDP -LocalPort 20000 -LocalAddress '2001:db8::30' -RemoteAddress '2001:db8::21','2001:db8::22' | Out-Null
New-NetFirewallRule -Group $group -DisplayName 'Switchyard SWY-DNP3-C22253D7: others to 2001:db8::30 udp/20000 blocked' -Direction Inbound -Action Block -Profile Any -Protocol UDP -LocalPort 20000 -LocalAddress '2001:db8::30' -RemoteAddress '::-2001:db8::20','2001:db8::23-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' | Out-Null
# Log dropped packets (%systemroot%\system32\LogFiles\Firewall\pfirewall.log by default).
Set-NetFirewallProfile -Profile Domain,Private,Public -LogBlocked True
