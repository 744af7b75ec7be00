# SWY-IEC104-355C3E7F.ps1: Windows Firewall rules; run in an elevated PowerShell.
# Switchyard firewall rules for the IEC 104 over TLS station RTU 7 (192.0.2.10, 2001:db8::10), tcp/19998 (SWY-IEC104-355C3E7F)
# Admits 192.0.2.21, 192.0.2.22, 2001:db8::21 to tcp/19998; every other packet to that port is dropped and logged.
# tcp/2404: plain IEC 104 is closed: the station serves IEC 104 over TLS on 19998; dropped and logged from every source.
# Other traffic to and from the station is left to the site policy.
#Requires -RunAsAdministrator
$group = 'Switchyard SWY-IEC104-355C3E7F'
Remove-NetFirewallRule -Group $group -ErrorAction SilentlyContinue
New-NetFirewallRule -Group $group -DisplayName 'Switchyard SWY-IEC104-355C3E7F: tcp/2404 to 192.0.2.10 closed (TLS in use)' -Direction Inbound -Action Block -Profile Any -Protocol TCP -LocalPort 2404 -LocalAddress '192.0.2.10' -RemoteAddress Any | Out-Null
New-NetFirewallRule -Group $group -DisplayName 'Switchyard SWY-IEC104-355C3E7F: masters to 192.0.2.10 tcp/19998' -Direction Inbound -Action Allow -Profile Any -Protocol TCP -LocalPort 19998 -LocalAddress '192.0.2.10' -RemoteAddress '192.0.2.21','192.0.2.22' | Out-Null
New-NetFirewallRule -Group $group -DisplayName 'Switchyard SWY-IEC104-355C3E7F: others to 192.0.2.10 tcp/19998 blocked' -Direction Inbound -Action Block -Profile Any -Protocol TCP -LocalPort 19998 -LocalAddress '192.0.2.10' -RemoteAddress '0.0.0.0-192.0.2.20','192.0.2.23-255.255.255.255' | Out-Null
New-NetFirewallRule -Group $group -DisplayName 'Switchyard SWY-IEC104-355C3E7F: tcp/2404 to 2001:db8::10 closed (TLS in use)' -Direction Inbound -Action Block -Profile Any -Protocol TCP -LocalPort 2404 -LocalAddress '2001:db8::10' -RemoteAddress Any | Out-Null
New-NetFirewallRule -Group $group -DisplayName 'Switchyard SWY-IEC104-355C3E7F: masters to 2001:db8::10 tcp/19998' -Direction Inbound -Action Allow -Profile Any -Protocol TCP -LocalPort 19998 -LocalAddress '2001:db8::10' -RemoteAddress '2001:db8::21' | Out-Null
New-NetFirewallRule -Group $group -DisplayName 'Switchyard SWY-IEC104-355C3E7F: others to 2001:db8::10 tcp/19998 blocked' -Direction Inbound -Action Block -Profile Any -Protocol TCP -LocalPort 19998 -LocalAddress '2001:db8::10' -RemoteAddress '::-2001:db8::20','2001:db8::22-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' | Out-Null
# Log dropped packets (%systemroot%\system32\LogFiles\Firewall\pfirewall.log by default).
Set-NetFirewallProfile -Profile Domain,Private,Public -LogBlocked True
